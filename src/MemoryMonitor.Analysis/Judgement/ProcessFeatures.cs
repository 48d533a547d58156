using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>
/// The per-process feature vector the Isolation Forest compares across peers and time. Every component is
/// scale-free and roughly in [0,1], so no single unit dominates the random splits.
/// </summary>
internal static class ProcessFeatures
{
    public const int Length = 6;

    /// <summary>Fills <paramref name="into"/> from the process now and its growth and fault rates.</summary>
    public static void Fill(ProcessRecord process, double growthBytesPerSecond, double minorFaultsPerSecond, double majorFaultsPerSecond, Span<double> into)
    {
        var resident = Math.Max(1, process.ResidentBytes);
        var swap = Math.Max(0, process.SwapBytes);
        into[0] = Math.Log2(resident) / 40;                                                       // 1 TiB = 1
        into[1] = Math.Clamp(double.IsNaN(growthBytesPerSecond) ? 0 : growthBytesPerSecond * 3600 / resident, -1, 1); // share of itself per hour
        into[2] = swap / (resident + swap);
        into[3] = Math.Log10(1 + Math.Max(0, minorFaultsPerSecond)) / 6;                          // a million a second = 1
        into[4] = Math.Log10(1 + Math.Max(0, majorFaultsPerSecond)) / 4;
        into[5] = process.ResidentAnonBytes >= 0 ? (double)process.ResidentAnonBytes / resident : 0.5;
    }
}
