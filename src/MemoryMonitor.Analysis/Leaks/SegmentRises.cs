namespace MemoryMonitor.Analysis.Leaks;

/// <summary>
/// The ratchet test. The window is cut into equal segments (by sample index, so the test does not depend on the
/// sampling interval) and the lowest and highest value of each is taken. A garbage-collected heap returns to the
/// same base every cycle, so its segment lows stay level even though it climbs inside every cycle; a leak lifts
/// the base, so the lows rise from segment to segment, and under a sawtooth the highs rise with them.
/// </summary>
internal static class SegmentRises
{
    /// <summary>How many consecutive segment pairs have lows (and highs) that rise by more than <paramref name="tolerance"/>.</summary>
    public static (int Lows, int Highs) Count(ReadOnlySpan<double> values, int segments, double tolerance)
    {
        var lows = 0;
        var highs = 0;
        double previousLow = 0;
        double previousHigh = 0;
        for (var s = 0; s < segments; s++)
        {
            var from = (int)((long)s * values.Length / segments);
            var to = (int)((long)(s + 1) * values.Length / segments);
            var low = double.PositiveInfinity;
            var high = double.NegativeInfinity;
            foreach (var value in values[from..to])
            {
                low = Math.Min(low, value);
                high = Math.Max(high, value);
            }

            if (s > 0)
            {
                lows += low - previousLow > tolerance ? 1 : 0;
                highs += high - previousHigh > tolerance ? 1 : 0;
            }

            previousLow = low;
            previousHigh = high;
        }

        return (lows, highs);
    }
}
