using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Kernel;

/// <summary>
/// OOM kills from the cgroups' own counters, for when /dev/kmsg cannot be read (no root, no CAP_SYSLOG, the device
/// not mounted): each rise of a container's oom_kill between two sweeps is that many kills in it. A kill that ends a
/// container leaves no later reading of its cgroup, so for Kubernetes containers on v2 the pod cgroup's counter,
/// which counts every kill in the pod and outlives its containers, is read too: what the pod counted beyond its live
/// containers' rises happened in a container that is gone, and is given to the pod's container that exited in this
/// sweep when there is exactly one, else to the pod alone. The first reading of a counter is a baseline, not kills.
/// </summary>
/// <remarks>
/// What this cannot know: the process (pid 0, comm empty) and, on v1 (whose counters do not propagate to the pod), a
/// kill that ended its container; a kill in a container born and killed between two sweeps is counted on v2 only.
/// </remarks>
internal sealed class CgroupOomKillCounter
{
    private readonly Dictionary<string, long> _containers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Count, long Attributed)> _podsNow = new(StringComparer.Ordinal);

    public void Count(IReadOnlyList<ContainerCgroup> live, IReadOnlyList<ContainerCgroup> exited, List<OomKillRecord> kills)
    {
        _podsNow.Clear();
        foreach (var container in live)
        {
            var identity = container.Identity;
            var count = container.Events.OomKill;
            var rise = 0L;
            if (count >= 0)
            {
                if (_containers.TryGetValue(identity.ContainerId, out var before) && count > before)
                {
                    rise = count - before;
                    Add(kills, rise, identity);
                }

                _containers[identity.ContainerId] = count;
            }

            if (container.PodOomKills >= 0)
            {
                var pod = _podsNow.GetValueOrDefault(identity.PodUid, (container.PodOomKills, 0));
                _podsNow[identity.PodUid] = (Math.Max(pod.Count, container.PodOomKills), pod.Attributed + rise);
            }
        }

        foreach (var (podUid, (count, attributed)) in _podsNow)
        {
            if (_pods.TryGetValue(podUid, out var before) && count - before > attributed)
            {
                Add(kills, count - before - attributed, GoneContainerOf(podUid, exited));
            }

            _pods[podUid] = count;
        }

        foreach (var container in exited)
        {
            _containers.Remove(container.Identity.ContainerId);
        }

        // A pod none of whose containers is live has been deleted (or is between restarts): its next reading, if any,
        // is a new baseline, which may miss the kills in between; keeping its count would keep it forever.
        if (_pods.Count > _podsNow.Count)
        {
            foreach (var podUid in _pods.Keys.Where(uid => !_podsNow.ContainsKey(uid)).ToList())
            {
                _pods.Remove(podUid);
            }
        }
    }

    private static ContainerIdentity GoneContainerOf(string podUid, IReadOnlyList<ContainerCgroup> exited)
    {
        ContainerIdentity? only = null;
        foreach (var container in exited)
        {
            if (container.Identity.PodUid == podUid)
            {
                if (only is not null)
                {
                    return new ContainerIdentity(string.Empty, podUid);
                }

                only = container.Identity;
            }
        }

        return only ?? new ContainerIdentity(string.Empty, podUid);
    }

    private static void Add(List<OomKillRecord> kills, long count, ContainerIdentity container)
    {
        for (var i = 0; i < count; i++)
        {
            kills.Add(new OomKillRecord(-1, -1, OomKillForm.CgroupCounter, OomConstraint.Unknown, 0, string.Empty, -1, null, null, container));
        }
    }
}
