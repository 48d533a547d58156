using System.Numerics;

namespace MemoryMonitor.Analysis.Dna;

/// <summary>
/// A process's memory fingerprint: the features and a 64-bit locality-sensitive hash of them.
/// Similar behaviour gives hashes a small Hamming distance apart.
/// </summary>
public sealed record MemoryDna(DnaFeatures Features, ulong Hash)
{
    /// <summary>Number of differing hash bits, 0 to 64.</summary>
    public int DistanceTo(MemoryDna other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return BitOperations.PopCount(Hash ^ other.Hash);
    }

    /// <summary>The hash as 16 lower-case hex digits, the form used in logs and labels.</summary>
    public string HashText => Hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
