namespace MemoryMonitor.Analysis.Dna;

/// <summary>
/// One process's samples over a window, oldest first, all arrays the same length.
/// </summary>
/// <param name="Seconds">Sample times in seconds from any fixed origin (monotonic clock).</param>
/// <param name="ResidentBytes">VmRSS.</param>
/// <param name="AnonBytes">RssAnon, or -1 where the kernel does not report it (before 4.5).</param>
/// <param name="FileBytes">RssFile, or -1 where the kernel does not report it (before 4.5).</param>
/// <param name="VirtualBytes">VmSize.</param>
/// <param name="MinorFaults">Cumulative minor faults (field 10 of /proc/pid/stat).</param>
/// <param name="MajorFaults">Cumulative major faults (field 12 of /proc/pid/stat).</param>
public sealed record DnaWindow(
    double[] Seconds,
    double[] ResidentBytes,
    double[] AnonBytes,
    double[] FileBytes,
    double[] VirtualBytes,
    double[] MinorFaults,
    double[] MajorFaults)
{
    /// <summary>Number of samples.</summary>
    public int Count => Seconds?.Length ?? 0;
}
