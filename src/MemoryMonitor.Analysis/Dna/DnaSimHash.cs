namespace MemoryMonitor.Analysis.Dna;

/// <summary>
/// SimHash over the normalised feature vector with 64 fixed random hyperplanes (random-projection LSH).
/// Each hyperplane has a normal w_i and passes through a point c_i inside the unit cube; bit i is set
/// when w_i . (v - c_i) >= 0. Offsetting the planes (rather than passing them through the origin)
/// makes the chance that a bit differs grow with the Euclidean distance between two vectors, which
/// suits vectors that all live in [0, 1]^n.
/// </summary>
/// <remarks>
/// The planes come from SplitMix64 with a constant seed and only IEEE additions, multiplications and
/// divisions, never System.Random or transcendental functions, so every machine and runtime computes
/// the same planes and a hash stored today still compares with one computed next year. Changing the
/// seed, the dimension or the normalisation changes every hash: bump <see cref="Version"/> if you do.
/// </remarks>
internal static class DnaSimHash
{
    /// <summary>Scheme version, documented in docs/memory-dna.md.</summary>
    public const int Version = 1;

    private const ulong Seed = 0x4D454D444E413031; // "MEMDNA01"
    private const int Bits = 64;

    // Row-major, one row of VectorLength values per bit.
    private static readonly (double[] Normals, double[] Offsets) Planes = CreatePlanes();

    public static ulong Compute(DnaFeatures features)
    {
        Span<double> vector = stackalloc double[DnaFeatures.VectorLength];
        features.WriteVector(vector);
        var (normals, offsets) = Planes;
        ulong hash = 0;
        for (var bit = 0; bit < Bits; bit++)
        {
            var dot = 0.0;
            var row = bit * DnaFeatures.VectorLength;
            for (var d = 0; d < DnaFeatures.VectorLength; d++)
            {
                dot += normals[row + d] * (vector[d] - offsets[row + d]);
            }

            if (dot >= 0)
            {
                hash |= 1UL << bit;
            }
        }

        return hash;
    }

    private static (double[] Normals, double[] Offsets) CreatePlanes()
    {
        var state = Seed;
        var normals = new double[Bits * DnaFeatures.VectorLength];
        var offsets = new double[Bits * DnaFeatures.VectorLength];
        for (var i = 0; i < normals.Length; i++)
        {
            // Irwin–Hall: the sum of 12 uniforms minus 6 is close to a standard normal, so the normals
            // point in (nearly) uniformly random directions without needing Log or Cos.
            var sum = 0.0;
            for (var k = 0; k < 12; k++)
            {
                sum += NextUnit(ref state);
            }

            normals[i] = sum - 6.0;
        }

        // Each plane passes through a uniformly random point of the unit cube.
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = NextUnit(ref state);
        }

        return (normals, offsets);
    }

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014) mapped to [0, 1) with 53 bits.</summary>
    private static double NextUnit(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
