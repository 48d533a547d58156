using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Containers;

/// <summary>
/// Names containers from the node's kubelet log tree (<see cref="KubeletLogNames"/>), mounted read-only into the
/// agent's pod by the chart. Outside Kubernetes the tree is absent and every container is <see cref="KubernetesNames.None"/>.
/// The listing is read again only when a container it does not know appears, at most once per <see cref="MinimumRefresh"/>,
/// so a steady node never lists it and a new pod is named at its first sweep.
/// </summary>
public sealed class KubeletLogTree
{
    /// <summary>A new container whose log the kubelet has not created yet is looked for again after this long.</summary>
    public static readonly TimeSpan MinimumRefresh = TimeSpan.FromSeconds(10);

    private readonly string _containers;
    private readonly string _pods;
    private readonly TimeProvider _time;
    private Dictionary<string, KubernetesNames> _byContainerId = new(StringComparer.Ordinal);
    private Dictionary<string, KubernetesNames> _byPodUid = new(StringComparer.Ordinal);
    private long _lastRefresh = long.MinValue;

    /// <param name="logRoot">The node's /var/log (or where it is mounted); its pods/ and containers/ folders are read.</param>
    public KubeletLogTree(string logRoot, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(logRoot);
        _containers = Path.Combine(logRoot, "containers");
        _pods = Path.Combine(logRoot, "pods");
        _time = time;
    }

    /// <summary>The names of a container: its own by id, else its pod's by uid, else none.</summary>
    public KubernetesNames NamesOf(ContainerIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (Find(identity) is { Container.Length: > 0 } known)
        {
            return known;
        }

        if (identity.PodUid.Length > 0)
        {
            Refresh();
        }

        return Find(identity) ?? KubernetesNames.None;
    }

    private KubernetesNames? Find(ContainerIdentity identity) =>
        _byContainerId.TryGetValue(identity.ContainerId, out var names) ? names
        : _byPodUid.TryGetValue(identity.PodUid, out var pod) ? pod
        : null;

    /// <summary>Lists the tree again unless it was listed less than <see cref="MinimumRefresh"/> ago.</summary>
    private void Refresh()
    {
        var now = _time.GetTimestamp();
        if (_lastRefresh != long.MinValue && _time.GetElapsedTime(_lastRefresh, now) < MinimumRefresh)
        {
            return;
        }

        _lastRefresh = now;
        var byContainer = new Dictionary<string, KubernetesNames>(StringComparer.Ordinal);
        foreach (var name in List(_containers))
        {
            if (KubeletLogNames.FromContainerLog(name) is { } container)
            {
                byContainer[container.ContainerId] = container.Names;
            }
        }

        var byPod = new Dictionary<string, KubernetesNames>(StringComparer.Ordinal);
        foreach (var name in List(_pods))
        {
            if (KubeletLogNames.FromPodDirectory(name) is { } pod)
            {
                byPod[pod.PodUid] = pod.Names;
            }
        }

        (_byContainerId, _byPodUid) = (byContainer, byPod);
    }

    /// <summary>The entry names of a folder; none when it is absent or unreadable (not Kubernetes, or not mounted).</summary>
    private static IEnumerable<string> List(string folder)
    {
        try
        {
            return [.. Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>()];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
