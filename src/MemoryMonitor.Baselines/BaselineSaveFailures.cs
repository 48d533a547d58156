namespace MemoryMonitor.Baselines;

/// <summary>
/// Baseline saves that <see cref="BaselineStore"/> kept in memory because <c>baselines.db</c> could not take them,
/// by fault: the source of memmon_agent_baseline_save_failures_total. Separate from the store so that the
/// metric can exist before the store opens its file.
/// </summary>
public sealed class BaselineSaveFailures
{
    private readonly long[] _counts = new long[Enum.GetValues<BaselineStoreFault>().Length];

    public long Get(BaselineStoreFault fault) => Interlocked.Read(ref _counts[(int)fault]);

    internal void Record(BaselineStoreFault fault) => Interlocked.Increment(ref _counts[(int)fault]);
}
