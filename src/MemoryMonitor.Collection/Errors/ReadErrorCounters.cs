namespace MemoryMonitor.Collection.Errors;

/// <summary>
/// Cumulative read failures by file and reason, the source of memmon_agent_read_errors_total.
/// Also answers "is this the first time?" so the host logs each kind of failure once, not per sample.
/// </summary>
public sealed class ReadErrorCounters
{
    private static readonly int Files = Enum.GetValues<CollectedFile>().Length;
    private static readonly int Reasons = Enum.GetValues<ReadFailure>().Length;
    private readonly long[] _counts = new long[Files * Reasons];

    /// <summary>Raised the first time a (file, reason) pair fails; never again for that pair.</summary>
    public event Action<CollectedFile, ReadFailure>? FirstFailure;

    public void Record(CollectedFile file, ReadFailure reason)
    {
        if (Interlocked.Increment(ref _counts[Index(file, reason)]) == 1)
        {
            FirstFailure?.Invoke(file, reason);
        }
    }

    public long Get(CollectedFile file, ReadFailure reason) => Interlocked.Read(ref _counts[Index(file, reason)]);

    private static int Index(CollectedFile file, ReadFailure reason) => ((int)file * Reasons) + (int)reason;
}
