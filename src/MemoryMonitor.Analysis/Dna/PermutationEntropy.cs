namespace MemoryMonitor.Analysis.Dna;

/// <summary>
/// Permutation entropy of order 3 (Bandt and Pompe, "Permutation entropy: a natural complexity
/// measure for time series", PRL 2002): the Shannon entropy of the 3! ordinal patterns of consecutive
/// triples, divided by ln 6 so it lies in [0, 1]. A steady ramp or sawtooth uses few patterns (near 0);
/// noise uses all six equally (near 1).
/// </summary>
internal static class PermutationEntropy
{
    private const int Patterns = 6;

    /// <summary>
    /// Triples containing equal neighbours are skipped: resident memory moves in pages and is often
    /// exactly flat, and counting ties as an ordering would invent a pattern. A series with no
    /// untied triple has no ordinal structure and scores 0.
    /// </summary>
    public static double OrderThree(ReadOnlySpan<double> series)
    {
        Span<int> counts = stackalloc int[Patterns];
        counts.Clear();
        var total = 0;
        for (var i = 0; i + 2 < series.Length; i++)
        {
            var a = series[i];
            var b = series[i + 1];
            var c = series[i + 2];
            if (a == b || b == c || a == c || double.IsNaN(a + b + c))
            {
                continue;
            }

            var pattern = a < b
                ? (b < c ? 0 : (a < c ? 1 : 2))
                : (a < c ? 3 : (b < c ? 4 : 5));
            counts[pattern]++;
            total++;
        }

        if (total == 0)
        {
            return 0;
        }

        var entropy = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / total;
                entropy -= p * Math.Log(p);
            }
        }

        return entropy / Math.Log(Patterns);
    }
}
