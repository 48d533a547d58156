using MemoryMonitor.Collection.Containers;

namespace MemoryMonitor.Collection.Processes;

/// <summary>
/// What the agent knows about one live process (pid + start time), updated in place each sweep so a
/// steady-state sweep allocates nothing per process. Byte values are -1 when unknown.
/// </summary>
public sealed class ProcessRecord
{
    internal ProcessRecord(int pid, long startTimeTicks)
    {
        Pid = pid;
        StartTimeTicks = startTimeTicks;
        PidLabel = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Pid { get; }

    /// <summary>The pid as a label value, formatted once.</summary>
    public string PidLabel { get; }

    /// <summary>Start time in clock ticks since boot (stat field 22): with the pid, the process's identity.</summary>
    public long StartTimeTicks { get; }

    public DateTimeOffset StartTime { get; internal set; }

    public string Comm { get; internal set; } = string.Empty;

    public string Executable { get; internal set; } = string.Empty;

    public string User { get; internal set; } = string.Empty;

    /// <summary>
    /// The command line's arguments after argv[0], read once. Used only to learn per-executable baselines;
    /// never exported, because command lines can hold secrets.
    /// </summary>
    public IReadOnlyList<string> Arguments { get; internal set; } = [];

    public ContainerCgroup? Container { get; internal set; }

    public long ResidentBytes { get; internal set; } = -1;

    public long ResidentAnonBytes { get; internal set; } = -1;

    public long ResidentFileBytes { get; internal set; } = -1;

    public long ResidentShmemBytes { get; internal set; } = -1;

    public long SwapBytes { get; internal set; } = -1;

    public long VirtualBytes { get; internal set; } = -1;

    /// <summary>PSS from smaps_rollup; -1 until first read or when smaps reading is off/unsupported.</summary>
    public long ProportionalBytes { get; internal set; } = -1;

    /// <summary>USS (Private_Clean + Private_Dirty) from smaps_rollup; -1 as for PSS.</summary>
    public long UniqueBytes { get; internal set; } = -1;

    public long MinorFaults { get; internal set; }

    public long MajorFaults { get; internal set; }

    public long Threads { get; internal set; }

    internal long LastSweep { get; set; }

    /// <summary>Monotonic time (<see cref="SystemMemory.MonotonicClock"/>) at which smaps_rollup is next due.</summary>
    internal TimeSpan NextSmapsRead { get; set; } = TimeSpan.MinValue;

    /// <summary>Multiplier on the smaps interval, doubled after each slow read (back-off for huge processes).</summary>
    internal int SmapsBackoff { get; set; } = 1;

    internal byte[] CommBytes { get; set; } = [];
}
