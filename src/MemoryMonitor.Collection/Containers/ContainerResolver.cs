using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.ProcFs;

namespace MemoryMonitor.Collection.Containers;

/// <summary>
/// Maps a process to its container from /proc/PID/cgroup, and reads each container's memory usage and limit
/// from cgroupfs once per sweep (v2: memory.current / memory.max; v1: memory.usage_in_bytes / memory.limit_in_bytes).
/// </summary>
public sealed class ContainerResolver
{
    private readonly string _cgroupRoot;
    private readonly ReadErrorCounters _errors;
    private readonly Dictionary<string, ContainerCgroup?> _byPath = new(StringComparer.Ordinal);
    private readonly List<ContainerCgroup> _live = [];
    private readonly List<ContainerCgroup> _exited = [];
    private readonly List<string> _gone = [];

    public ContainerResolver(string sysRoot, ReadErrorCounters errors)
    {
        _cgroupRoot = Path.Combine(sysRoot, "fs", "cgroup");
        _errors = errors;
    }

    /// <summary>Containers with a live process at the last refresh.</summary>
    public IReadOnlyList<ContainerCgroup> Containers => _live;

    /// <summary>Containers that had a live process at the refresh before the last one and none at the last.</summary>
    public IReadOnlyList<ContainerCgroup> Exited => _exited;

    internal ContainerCgroup? Resolve(ProcFileReader reader, int pid)
    {
        var status = reader.ReadProcessFile(pid, "cgroup"u8, out var content);
        if (status != ReadStatus.Ok)
        {
            _errors.Record(CollectedFile.Cgroup, ReadErrors.OfProcessFile(status));
            return null;
        }

        CgroupMembership? membership;
        try
        {
            membership = CgroupMembershipParser.Parse(content);
        }
        catch (ParseException)
        {
            _errors.Record(CollectedFile.Cgroup, ReadFailure.Malformed);
            return null;
        }

        if (membership is not { } found)
        {
            return null;
        }

        if (_byPath.TryGetValue(found.Path, out var known))
        {
            return known;
        }

        var identity = ContainerIdentityParser.Parse(found.Path);
        ContainerCgroup? container = null;
        if (identity is not null)
        {
            // Inside a cgroup namespace the path is relative to the reader's own cgroup ("/../../kubepods...");
            // dropping the ".." segments resolves it against the host hierarchy mounted at SysRoot.
            var relative = string.Join('/', found.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".."));
            container = found.IsV2
                ? new ContainerCgroup(identity, Path.Combine(_cgroupRoot, relative, "memory.current"), Path.Combine(_cgroupRoot, relative, "memory.max"))
                : new ContainerCgroup(identity, Path.Combine(_cgroupRoot, "memory", relative, "memory.usage_in_bytes"), Path.Combine(_cgroupRoot, "memory", relative, "memory.limit_in_bytes"));
        }

        _byPath[found.Path] = container;
        return container;
    }

    /// <summary>Reads usage and limit of the containers seen in this sweep and forgets the rest.</summary>
    internal void Refresh(ProcFileReader reader, long sweep)
    {
        _live.Clear();
        _exited.Clear();
        _gone.Clear();
        foreach (var (path, container) in _byPath)
        {
            if (container is null || container.LastSweep != sweep)
            {
                _gone.Add(path);
                if (container is not null)
                {
                    _exited.Add(container);
                }

                continue;
            }

            _live.Add(container);

            try
            {
                if (reader.ReadAbsolute(container.UsagePath, out var usage) is var usageStatus && usageStatus != ReadStatus.Ok)
                {
                    _errors.Record(CollectedFile.CgroupMemory, ReadErrors.OfFile(usageStatus));
                    container.UsageBytes = -1;
                    continue;
                }

                container.UsageBytes = CgroupValueParser.ParseValue(usage);
                if (reader.ReadAbsolute(container.LimitPath, out var limit) is var limitStatus && limitStatus != ReadStatus.Ok)
                {
                    _errors.Record(CollectedFile.CgroupMemory, ReadErrors.OfFile(limitStatus));
                    continue;
                }

                container.LimitBytes = CgroupValueParser.ParseLimit(limit);
            }
            catch (ParseException)
            {
                _errors.Record(CollectedFile.CgroupMemory, ReadFailure.Malformed);
            }
        }

        foreach (var path in _gone)
        {
            _byPath.Remove(path);
        }
    }
}
