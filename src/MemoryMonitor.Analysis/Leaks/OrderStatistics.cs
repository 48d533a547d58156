namespace MemoryMonitor.Analysis.Leaks;

/// <summary>
/// Medians and k-th smallest values by quickselect, in place on a caller's scratch span: O(n) on average and
/// no allocation, so a per-process, per-tick assessment can afford several medians.
/// </summary>
internal static class OrderStatistics
{
    /// <summary>The median of <paramref name="values"/> (mean of the two middle values when the count is even); reorders them.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var half = values.Length / 2;
        var upper = SelectInPlace(values, half);
        if ((values.Length & 1) == 1)
        {
            return upper;
        }

        // After selection everything left of `half` is <= the value at `half`; the lower middle is their maximum.
        var lower = double.NegativeInfinity;
        foreach (var value in values[..half])
        {
            lower = Math.Max(lower, value);
        }

        return (lower + upper) / 2;
    }

    /// <summary>The k-th smallest value (k from 0); reorders <paramref name="values"/> around it.</summary>
    public static double SelectInPlace(Span<double> values, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, values.Length);
        var lo = 0;
        var hi = values.Length - 1;
        while (lo < hi)
        {
            var pivot = MedianOfThree(values[lo], values[lo + ((hi - lo) / 2)], values[hi]);

            // Three-way partition: memory series are full of equal values (a flat process gives thousands of
            // zero slopes), which would make a two-way quickselect quadratic.
            var lt = lo;
            var gt = hi;
            var i = lo;
            while (i <= gt)
            {
                if (values[i] < pivot)
                {
                    (values[lt], values[i]) = (values[i], values[lt]);
                    lt++;
                    i++;
                }
                else if (values[i] > pivot)
                {
                    (values[gt], values[i]) = (values[i], values[gt]);
                    gt--;
                }
                else
                {
                    i++;
                }
            }

            if (k < lt)
            {
                hi = lt - 1;
            }
            else if (k > gt)
            {
                lo = gt + 1;
            }
            else
            {
                return pivot;
            }
        }

        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
