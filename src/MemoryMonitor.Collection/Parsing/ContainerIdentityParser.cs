namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Recognises container and pod ids in a cgroup path, for the layouts runtimes create:
/// cgroupfs driver  /kubepods/burstable/pod&lt;uid&gt;/&lt;id&gt;, /docker/&lt;id&gt;;
/// systemd driver   /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod&lt;uid_with_underscores&gt;.slice/cri-containerd-&lt;id&gt;.scope
/// (also docker-, crio-, libpod- prefixes). Container ids are 64 hex digits; conmon scopes are not containers.
/// </summary>
public static class ContainerIdentityParser
{
    private const int ContainerIdLength = 64;
    private const int PodUidLength = 36;

    public static ContainerIdentity? Parse(string cgroupPath)
    {
        ArgumentNullException.ThrowIfNull(cgroupPath);
        var segments = cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? containerId = null;
        var podUid = string.Empty;
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            var segment = segments[i];
            if (containerId is null && !segment.Contains("conmon", StringComparison.Ordinal))
            {
                containerId = FindContainerId(segment);
            }

            if (podUid.Length == 0)
            {
                podUid = FindPodUid(segment);
            }
        }

        return containerId is null ? null : new ContainerIdentity(containerId, podUid);
    }

    private static string? FindContainerId(string segment)
    {
        var name = segment.EndsWith(".scope", StringComparison.Ordinal) ? segment[..^6] : segment;
        if (name.Length < ContainerIdLength)
        {
            return null;
        }

        var candidate = name[^ContainerIdLength..];
        var prefixOk = name.Length == ContainerIdLength || name[^(ContainerIdLength + 1)] is '-' or ':';
        return prefixOk && IsLowerHex(candidate) ? candidate : null;
    }

    private static string FindPodUid(string segment)
    {
        var index = segment.IndexOf("pod", StringComparison.Ordinal);
        while (index >= 0)
        {
            var start = index + 3;
            if (segment.Length - start >= PodUidLength)
            {
                var candidate = segment.Substring(start, PodUidLength).Replace('_', '-');
                if (IsUuid(candidate))
                {
                    return candidate;
                }
            }

            index = segment.IndexOf("pod", start, StringComparison.Ordinal);
        }

        return string.Empty;
    }

    private static bool IsLowerHex(string text)
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

    private static bool IsUuid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var dash = i is 8 or 13 or 18 or 23;
            if (dash ? text[i] != '-' : !char.IsAsciiHexDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
