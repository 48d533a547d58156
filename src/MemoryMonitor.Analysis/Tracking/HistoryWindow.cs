namespace MemoryMonitor.Analysis.Tracking;

/// <summary>
/// A process history unrolled oldest-first into plain arrays, reused from process to process within a tick
/// so the analyzers get contiguous spans without allocating.
/// </summary>
public sealed class HistoryWindow
{
    public HistoryWindow(int capacity)
    {
        Seconds = new double[capacity];
        ResidentBytes = new double[capacity];
        AnonBytes = new double[capacity];
        FileBytes = new double[capacity];
        VirtualBytes = new double[capacity];
        MinorFaults = new double[capacity];
        MajorFaults = new double[capacity];
    }

    public int Count { get; internal set; }

    internal double[] Seconds { get; }

    internal double[] ResidentBytes { get; }

    internal double[] AnonBytes { get; }

    internal double[] FileBytes { get; }

    internal double[] VirtualBytes { get; }

    internal double[] MinorFaults { get; }

    internal double[] MajorFaults { get; }

    public ReadOnlySpan<double> SecondsSpan => Seconds.AsSpan(0, Count);

    public ReadOnlySpan<double> ResidentSpan => ResidentBytes.AsSpan(0, Count);
}
