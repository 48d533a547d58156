using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.Sweeps;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Export.Tests.ProcessSeries;

/// <summary>Processes, containers and sweeps as the collection layer hands them to the publisher, built without /proc.</summary>
internal static class TestSweeps
{
    /// <summary>A process whose every value is known, so it has a series in every per-process family.</summary>
    public static ProcessRecord Process(int pid, string comm, long resident, long minorFaults = 0, ContainerCgroup? container = null) => new(pid, startTimeTicks: pid)
    {
        Comm = comm,
        Executable = "/usr/bin/" + comm,
        User = "nobody",
        Container = container,
        ResidentBytes = resident,
        ResidentAnonBytes = resident / 2,
        ResidentFileBytes = resident / 4,
        ResidentShmemBytes = resident / 8,
        ProportionalBytes = resident / 3,
        UniqueBytes = resident / 5,
        SwapBytes = 4_096,
        VirtualBytes = resident * 10,
        MinorFaults = minorFaults,
        MajorFaults = 7,
        Threads = 3,
        StartTime = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000),
    };

    /// <summary>
    /// A v2 container whose every figure is known, so it has a series in every container family but the judgement
    /// ones: the memory.stat split scales with usage, the events and pressure are fixed numbers.
    /// </summary>
    public static ContainerCgroup Container(string id, long usage, long? limit) =>
        new(new ContainerIdentity(id, "pod-" + id), CgroupMemoryFiles.V2(string.Empty, [id]))
        {
            UsageBytes = usage,
            LimitBytes = limit,
            EffectiveLimitBytes = limit,
            HighBytes = limit * 9 / 10,
            SwapBytes = 8_192,
            Stat = new ContainerMemoryStat(
                AnonBytes: usage / 2,
                FileBytes: usage / 4,
                ActiveFileBytes: usage / 8,
                InactiveFileBytes: usage / 8,
                ShmemBytes: usage / 16,
                FileMappedBytes: usage / 32,
                UnevictableBytes: 0,
                SlabReclaimableBytes: usage / 64,
                SlabUnreclaimableBytes: usage / 128),
            Events = new ContainerMemoryEvents(Max: 40, High: 30, Oom: 2, OomKill: 1),
            Pressure = new PressureStall(SomeTotalMicroseconds: 2_500_000, FullTotalMicroseconds: 500_000, 0, 0, 0, 0, 0, 0),
        };

    /// <summary>A container with its judgement; <paramref name="exhaustionSeconds"/> null = not growing.</summary>
    public static JudgedContainer Judged(ContainerCgroup container, double? exhaustionSeconds = 7_200) =>
        new(container, new ContainerJudgement { ExhaustionSeconds = exhaustionSeconds, UnreclaimableGrowthBytesPerSecond = 1_024 });

    /// <summary>Not judged yet: every judgement NaN, as in the warm-up.</summary>
    public static List<JudgedProcess> Unjudged(params ProcessRecord[] processes) => [.. processes.Select(p => new JudgedProcess(p, new ProcessJudgement()))];

    /// <summary>Every judgement made, so the judgement families have a series too.</summary>
    public static JudgedProcess FullyJudged(ProcessRecord process, bool flagged = false) => new(process, new ProcessJudgement
    {
        AnomalyScore = 0.25,
        LeakRisk = 0.5,
        GrowthBytesPerSecond = -12.5,
        ExhaustionSeconds = 3_600,
        DnaDrift = 0.125,
        IsFlagged = flagged,
    });

    public static Sweep Swept(params ProcessRecord[] exited) => Swept(containers: [], exited: exited);

    public static Sweep Swept(IReadOnlyList<ContainerCgroup> containers, IReadOnlyList<ProcessRecord>? exited = null, IReadOnlyList<ContainerCgroup>? exitedContainers = null) =>
        new(new SystemMemorySnapshot(DateTimeOffset.UnixEpoch, TimeSpan.Zero, null, null, null, [], 9), [], containers, exited ?? [], exitedContainers ?? [], 0);
}
