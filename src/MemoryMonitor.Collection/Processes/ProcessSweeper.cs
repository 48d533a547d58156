using System.Diagnostics;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.ProcFs;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Collection.Processes;

/// <summary>
/// One pass over every process: stat and status each sweep, smaps_rollup when its own cadence is due,
/// cgroup and exe once per process lifetime. A process that vanishes or refuses a read is counted and
/// skipped; nothing stops the sweep.
/// </summary>
public sealed class ProcessSweeper
{
    /// <summary>PF_KTHREAD in stat's flags (include/linux/sched.h): kernel threads own no user memory.</summary>
    private const long KernelThreadFlag = 0x00200000;

    private readonly CollectionSettings _settings;
    private readonly TimeProvider _time;
    private readonly ReadErrorCounters _errors;
    private readonly ProcFileReader _reader;
    private readonly ProcessDirectory _directory;
    private readonly ContainerResolver _containers;
    private readonly KubeletLogTree _kubelet;
    private readonly UserDirectory _users;
    private readonly BootClock _bootClock;
    private readonly AsciiStringPool _comms = new();
    private readonly Dictionary<int, ProcessRecord> _records = [];
    private readonly List<int> _pids = new(4096);
    private readonly List<ProcessRecord> _exited = [];
    private readonly long _slowSmapsTicks;
    private long _sweep;
    private bool _smapsUnsupported;

    public ProcessSweeper(CollectionSettings settings, TimeProvider time, ReadErrorCounters errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _time = time;
        _errors = errors;
        _reader = new ProcFileReader(settings.ProcRoot);
        _directory = new ProcessDirectory(settings.ProcRoot);
        _containers = new ContainerResolver(settings.SysRoot, errors);
        _kubelet = new KubeletLogTree(settings.KubeletLogRoot, time);
        _users = new UserDirectory("/etc/passwd");
        _bootClock = new BootClock(_reader);

        // smaps_rollup appeared in Linux 4.14; the agent's own entry tells whether this kernel has it.
        _smapsUnsupported = !File.Exists(Path.Combine(settings.ProcRoot, "self", "smaps_rollup"));
        _slowSmapsTicks = (long)(settings.SlowSmapsRead.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>Live processes after the last sweep (kernel threads excluded).</summary>
    public IReadOnlyCollection<ProcessRecord> Processes => _records.Values;

    /// <summary>Containers of the live processes after the last sweep.</summary>
    public IReadOnlyList<ContainerCgroup> Containers => _containers.Containers;

    /// <summary>Processes live at the sweep before the last one and gone at the last: the one list every layer forgets them from.</summary>
    public IReadOnlyList<ProcessRecord> Exited => _exited;

    /// <summary>Containers that no live process belonged to at the last sweep.</summary>
    public IReadOnlyList<ContainerCgroup> ExitedContainers => _containers.Exited;

    /// <summary>Processes whose smaps interval is currently stretched because their reads were slow.</summary>
    public int SmapsBackedOff { get; private set; }

    /// <summary>How many processes had smaps_rollup read in the last sweep.</summary>
    public int SmapsReads { get; private set; }

    /// <summary>False once the kernel has shown it has no smaps_rollup (before Linux 4.14).</summary>
    public bool SmapsAvailable => !_smapsUnsupported && _settings.SmapsInterval > TimeSpan.Zero;

    public void Sweep()
    {
        _sweep++;
        var now = MonotonicClock.Now(_time);
        _directory.ListPids(_pids);
        _exited.Clear();
        SmapsReads = 0;
        var backedOff = 0;
        foreach (var pid in _pids)
        {
            var record = SweepOne(pid, now);
            if (record is not null && record.SmapsBackoff > 1)
            {
                backedOff++;
            }
        }

        SmapsBackedOff = backedOff;
        foreach (var record in _records.Values)
        {
            if (record.LastSweep != _sweep)
            {
                _exited.Add(record);
            }
        }

        foreach (var record in _exited)
        {
            _records.Remove(record.Pid);
        }

        _containers.Refresh(_reader, _sweep);
        NameContainers();
    }

    /// <summary>
    /// Containers without a container name are asked for their Kubernetes names each sweep: one may appear before
    /// the kubelet has written its log (it has its pod's names until then; a sandbox keeps only those). The tree
    /// re-lists at most every 10 s, and never for a container outside a pod.
    /// </summary>
    private void NameContainers()
    {
        foreach (var container in _containers.Containers)
        {
            if (container.Names.Container.Length == 0)
            {
                container.Names = _kubelet.NamesOf(container.Identity);
            }
        }
    }

    private ProcessRecord? SweepOne(int pid, TimeSpan now)
    {
        if (!TryRead<ProcessStat>(pid, "stat"u8, CollectedFile.Stat, ProcessStatParser.TryParse, out var stat, out var statText))
        {
            return null;
        }

        if ((stat.Flags & KernelThreadFlag) != 0)
        {
            return null;
        }

        var comm = statText.Slice(stat.CommStart, stat.CommLength);
        var isNew = !_records.TryGetValue(pid, out var record) || record.StartTimeTicks != stat.StartTimeTicks;
        if (isNew)
        {
            if (record is not null)
            {
                // The pid was reused: the process it named has exited, even though the pid never left the listing.
                _exited.Add(record);
            }

            // New process, or the pid was reused by a new one: identity is pid + start time.
            record = new ProcessRecord(pid, stat.StartTimeTicks) { StartTime = _bootClock.ToWallClock(stat.StartTimeTicks) };
            _records[pid] = record;
        }

        // Before any other read: comm points into the reader's buffer, which the next read overwrites.
        if (!comm.SequenceEqual(record!.CommBytes))
        {
            record.CommBytes = comm.ToArray();
            record.Comm = _comms.GetOrAdd(comm);
        }

        if (isNew)
        {
            IdentifyOnce(record);
        }

        record.LastSweep = _sweep;
        record.MinorFaults = stat.MinorFaults;
        record.MajorFaults = stat.MajorFaults;
        record.Threads = stat.Threads;
        record.VirtualBytes = stat.VirtualBytes;
        if (record.Container is { } container)
        {
            container.LastSweep = _sweep;
        }

        ReadStatusFile(record);
        if (SmapsAvailable && now >= record.NextSmapsRead)
        {
            ReadSmaps(record, now);
        }

        return record;
    }

    private void IdentifyOnce(ProcessRecord record)
    {
        var exe = _reader.ReadProcessLink(record.Pid, "exe"u8, out var exeStatus);
        if (exe is null)
        {
            _errors.Record(CollectedFile.Exe, ReadErrors.OfProcessFile(exeStatus));
        }

        record.Executable = exe ?? string.Empty;

        // Missing or unreadable cmdline (kernel threads, zombies, hidepid) leaves no arguments; not an error worth a metric.
        if (_reader.ReadProcessFile(record.Pid, "cmdline"u8, out var cmdline) == ReadStatus.Ok)
        {
            record.Arguments = CommandLine.Arguments(cmdline);
        }
        record.Container = _containers.Resolve(_reader, record.Pid);
    }

    private void ReadStatusFile(ProcessRecord record)
    {
        if (!TryRead<ProcessStatus>(record.Pid, "status"u8, CollectedFile.Status, ProcessStatusParser.TryParse, out var parsed, out _))
        {
            return;
        }

        record.ResidentBytes = parsed.ResidentBytes;
        record.ResidentAnonBytes = parsed.ResidentAnonBytes;
        record.ResidentFileBytes = parsed.ResidentFileBytes;
        record.ResidentShmemBytes = parsed.ResidentShmemBytes;
        record.SwapBytes = parsed.SwapBytes;
        if (parsed.VirtualBytes >= 0)
        {
            record.VirtualBytes = parsed.VirtualBytes;
        }

        if (record.User.Length == 0)
        {
            record.User = _users.NameOf(parsed.RealUid);
        }
    }

    private void ReadSmaps(ProcessRecord record, TimeSpan now)
    {
        var started = Stopwatch.GetTimestamp();
        var read = TryRead<SmapsRollup>(record.Pid, "smaps_rollup"u8, CollectedFile.SmapsRollup, SmapsRollupParser.TryParse, out var rollup, out _);
        var elapsed = Stopwatch.GetTimestamp() - started;
        SmapsReads++;
        // Back off processes whose rollup is slow: the read holds their mmap lock (process-exporter #246).
        record.SmapsBackoff = elapsed > _slowSmapsTicks ? Math.Min(record.SmapsBackoff * 2, 16) : 1;
        record.NextSmapsRead = now + (_settings.SmapsInterval * record.SmapsBackoff);
        if (!read)
        {
            return;
        }

        record.ProportionalBytes = rollup.ProportionalBytes;
        record.UniqueBytes = rollup.UniqueBytes;
    }

    /// <summary>
    /// Reads and parses /proc/PID/NAME; a failed read or parse is counted under <paramref name="file"/> and gives false.
    /// <paramref name="text"/> points into the reader's buffer: valid until the next read.
    /// </summary>
    private bool TryRead<T>(int pid, ReadOnlySpan<byte> name, CollectedFile file, TryParser<T> parse, out T value, out ReadOnlySpan<byte> text)
    {
        value = default!;
        var status = _reader.ReadProcessFile(pid, name, out text);
        if (status != ReadStatus.Ok)
        {
            _errors.Record(file, ReadErrors.OfProcessFile(status));
            return false;
        }

        if (!parse(text, out value))
        {
            _errors.Record(file, ReadFailure.Malformed);
            return false;
        }

        return true;
    }

    private delegate bool TryParser<T>(ReadOnlySpan<byte> text, out T value);
}
