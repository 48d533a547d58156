using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.ProcFs;

namespace MemoryMonitor.Collection.Containers;

/// <summary>
/// Maps a process to its container from /proc/PID/cgroup, and reads each container's memory figures from cgroupfs
/// once per sweep, however many processes it holds: v2 memory.current, memory.max (and every ancestor's, for the
/// binding limit), memory.high, memory.stat, memory.events, memory.swap.current/max and memory.pressure; v1
/// memory.usage_in_bytes, memory.limit_in_bytes, memory.stat (with hierarchical_memory_limit), memory.failcnt and
/// memory.oom_control.
/// </summary>
/// <remarks>
/// Swap room is what the cgroup's own swap limit leaves: v2 memory.swap.max - memory.swap.current when the limit is a
/// number, else 0. Under "max" (and always on v1, whose memory.memsw.limit_in_bytes caps memory plus swap, so moving
/// a page to swap never meets it) the only bound is the node's free swap, which every cgroup shares and the system
/// reader reports: counting it as each container's room would count the same swap many times over, so 0 stays the
/// safe side the forecasts want.
/// </remarks>
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

    private delegate void Apply(ReadOnlySpan<byte> text, ContainerCgroup container);

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

        // Inside a cgroup namespace the path is relative to the reader's own cgroup ("/../../kubepods...");
        // dropping the ".." segments resolves it against the host hierarchy mounted at SysRoot.
        var relative = found.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "..").ToArray();
        var identity = ContainerIdentityParser.Parse(found.Path);
        ContainerCgroup? container = null;
        if (identity is not null || relative.Length > 0)
        {
            var files = found.IsV2
                ? CgroupMemoryFiles.V2(_cgroupRoot, relative)
                : CgroupMemoryFiles.V1(Path.Combine(_cgroupRoot, "memory"), relative);

            // Any other cgroup (a systemd unit with MemoryMax=, a slice with a limit) binds its processes as a
            // container's limit binds: it is followed as a limited unit, but only when a limit is set on its path
            // when first seen, so the many unlimited units of a host cost one probe each, once.
            if (identity is not null)
            {
                container = new ContainerCgroup(identity, files);
            }
            else if (IsLimited(reader, files))
            {
                container = new ContainerCgroup(ContainerIdentity.None, files) { UnitPath = "/" + string.Join('/', relative) };
            }
        }

        _byPath[found.Path] = container;
        return container;
    }

    /// <summary>Reads the memory figures of the containers seen in this sweep and forgets the rest.</summary>
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
                if (container is { IsContainer: true })
                {
                    _exited.Add(container);
                }

                continue;
            }

            Read(reader, container);
            if (container.IsContainer)
            {
                _live.Add(container);
            }
        }

        foreach (var path in _gone)
        {
            _byPath.Remove(path);
        }
    }

    private void Read(ProcFileReader reader, ContainerCgroup container)
    {
        var files = container.Files;

        // Without usage the cgroup is most likely being removed: leave the rest, as it would fail the same way.
        if (!TryApply(reader, files.Usage, container, static (text, c) => c.UsageBytes = CgroupValueParser.ParseValue(text)))
        {
            container.UsageBytes = -1;
            return;
        }

        TryApply(reader, files.Limit, container, static (text, c) => c.LimitBytes = CgroupValueParser.ParseLimit(text));
        container.EffectiveLimitBytes = container.LimitBytes;
        if (files.IsV2)
        {
            ReadV2(reader, container, files);
        }
        else
        {
            ReadV1(reader, container, files);
        }
    }

    private void ReadV2(ProcFileReader reader, ContainerCgroup container, CgroupMemoryFiles files)
    {
        foreach (var ancestor in files.AncestorLimits)
        {
            TryApply(reader, ancestor, container, static (text, c) => c.EffectiveLimitBytes = Tighter(c.EffectiveLimitBytes, CgroupValueParser.ParseLimit(text)));
        }

        if (!TryApply(reader, files.High, container, static (text, c) => c.HighBytes = CgroupValueParser.ParseLimit(text)))
        {
            container.HighBytes = null;
        }

        if (!TryApply(reader, files.Stat, container, static (text, c) => c.Stat = CgroupMemoryStatParser.ParseV2(text)))
        {
            container.Stat = ContainerMemoryStat.Unknown;
        }

        if (!TryApply(reader, files.Events, container, static (text, c) => c.Events = CgroupMemoryEventsParser.ParseV2(text)))
        {
            container.Events = ContainerMemoryEvents.Unknown;
        }

        // The pod's count is what outlives a container its kill ended (CgroupOomKillCounter); only pods have one.
        if (container.Identity.PodUid.Length == 0
            || !TryApply(reader, files.ParentEvents, container, static (text, c) => c.PodOomKills = CgroupMemoryEventsParser.ParseV2(text).OomKill))
        {
            container.PodOomKills = -1;
        }

        if (!TryApply(reader, files.SwapCurrent, container, static (text, c) => c.SwapBytes = CgroupValueParser.ParseValue(text)))
        {
            container.SwapBytes = -1;
        }

        // Swap room: see the remarks on this class. Without swap.current the room cannot be told either.
        container.SwapRoomBytes = 0;
        if (container.SwapBytes >= 0)
        {
            TryApply(reader, files.SwapMax, container, static (text, c) => c.SwapRoomBytes = CgroupValueParser.ParseLimit(text) is { } max ? Math.Max(0, max - c.SwapBytes) : 0);
        }

        if (!TryApply(reader, files.Pressure, container, static (text, c) => c.Pressure = PressureParser.Parse(text)))
        {
            container.Pressure = null;
        }
    }

    private void ReadV1(ProcFileReader reader, ContainerCgroup container, CgroupMemoryFiles files)
    {
        // hierarchical_memory_limit already is the smallest limit up to the root (with memory.use_hierarchy, which
        // cgroup-v1/memory.rst deprecates and recent kernels force on).
        var read = TryApply(reader, files.Stat, container, static (text, c) =>
        {
            c.Stat = CgroupMemoryStatParser.ParseV1(text, out var swap, out var hierarchical);
            c.SwapBytes = swap;
            c.EffectiveLimitBytes = Tighter(c.LimitBytes, hierarchical);
        });
        if (!read)
        {
            container.Stat = ContainerMemoryStat.Unknown;
            container.SwapBytes = -1;
        }

        // failcnt first: oom_control's parse takes it as the max count.
        container.Events = ContainerMemoryEvents.Unknown;
        TryApply(reader, files.FailCount, container, static (text, c) => c.Events = c.Events with { Max = CgroupValueParser.ParseValue(text) });
        if (!TryApply(reader, files.OomControl, container, static (text, c) => c.Events = CgroupMemoryEventsParser.ParseV1(text, c.Events.Max)))
        {
            container.Events = ContainerMemoryEvents.Unknown;
        }
    }

    /// <summary>
    /// Reads a file and applies its parse to the container; false when the file is not there for this version, was
    /// found absent, could not be read (counted) or is malformed (counted). An optional file found missing is marked
    /// absent without an error: the kernel lacks it, and it will not be read again.
    /// </summary>
    private bool TryApply(ProcFileReader reader, CgroupFile? file, ContainerCgroup container, Apply apply)
    {
        if (file is null || file.Absent)
        {
            return false;
        }

        var status = reader.ReadAbsolute(file.Path, out var text);
        if (status != ReadStatus.Ok)
        {
            if (status == ReadStatus.Missing && file.Optional)
            {
                file.Absent = true;
            }
            else
            {
                _errors.Record(CollectedFile.CgroupMemory, ReadErrors.OfFile(status));
            }

            return false;
        }

        try
        {
            apply(text, container);
            return true;
        }
        catch (ParseException)
        {
            _errors.Record(CollectedFile.CgroupMemory, ReadFailure.Malformed);
            return false;
        }
    }

    /// <summary>
    /// Whether the cgroup has a memory limit of its own or (v2) on an ancestor. A probe that fails counts nothing: most
    /// cgroups are unlimited, and a v1 path outside the memory controller's mount is no error of the node's.
    /// </summary>
    private static bool IsLimited(ProcFileReader reader, CgroupMemoryFiles files)
    {
        foreach (var file in files.AncestorLimits.Prepend(files.Limit))
        {
            try
            {
                if (reader.ReadAbsolute(file.Path, out var text) == ReadStatus.Ok && CgroupValueParser.ParseLimit(text) is not null)
                {
                    return true;
                }
            }
            catch (ParseException)
            {
                // Not a limit we can read: as good as none.
            }
        }

        return false;
    }

    /// <summary>The smaller of two limits, null being no limit.</summary>
    private static long? Tighter(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
