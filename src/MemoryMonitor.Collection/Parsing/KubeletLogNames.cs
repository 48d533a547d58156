namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Reads Kubernetes names from the names of the kubelet's log files, which is all an agent without API access has.
/// The kubelet lays them out as (pkg/kubelet/kuberuntime/kuberuntime_container.go, BuildContainerLogsDirectory and
/// logs.go): /var/log/pods/&lt;namespace&gt;_&lt;pod&gt;_&lt;pod uid&gt;/&lt;container&gt;/&lt;restart&gt;.log, and the symlinks
/// /var/log/containers/&lt;pod&gt;_&lt;namespace&gt;_&lt;container&gt;-&lt;container id&gt;.log. Pod and namespace names are DNS
/// names and a container name a DNS label, so none holds an underscore: splitting on '_' is unambiguous.
/// </summary>
internal static class KubeletLogNames
{
    private const int ContainerIdLength = 64;

    /// <summary>From /var/log/containers/&lt;pod&gt;_&lt;namespace&gt;_&lt;container&gt;-&lt;id&gt;.log: the id and the names, or null for any other name.</summary>
    public static (string ContainerId, KubernetesNames Names)? FromContainerLog(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (!fileName.EndsWith(".log", StringComparison.Ordinal))
        {
            return null;
        }

        var stem = fileName[..^4];
        if (stem.Length < ContainerIdLength + 6 || stem[^(ContainerIdLength + 1)] != '-' || !IsHex(stem.AsSpan(stem.Length - ContainerIdLength)))
        {
            return null;
        }

        var parts = stem[..^(ContainerIdLength + 1)].Split('_');
        return parts is [{ Length: > 0 } pod, { Length: > 0 } ns, { Length: > 0 } container]
            ? (stem[^ContainerIdLength..], new KubernetesNames(ns, pod, container))
            : null;
    }

    /// <summary>From /var/log/pods/&lt;namespace&gt;_&lt;pod&gt;_&lt;uid&gt;: the pod's uid and names (no container), or null for any other name.</summary>
    public static (string PodUid, KubernetesNames Names)? FromPodDirectory(string directoryName)
    {
        ArgumentNullException.ThrowIfNull(directoryName);
        var parts = directoryName.Split('_');
        return parts is [{ Length: > 0 } ns, { Length: > 0 } pod, { Length: 36 } uid] && Guid.TryParse(uid, out _)
            ? (uid, new KubernetesNames(ns, pod, string.Empty))
            : null;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
