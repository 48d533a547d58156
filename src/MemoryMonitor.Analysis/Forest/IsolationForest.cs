namespace MemoryMonitor.Analysis.Forest;

/// <summary>
/// Isolation Forest anomaly detector after Liu, Ting and Zhou, "Isolation Forest", ICDM 2008.
/// Anomalies are few and different, so random axis-parallel splits isolate them in fewer steps than
/// normal points; the anomaly score is s(x, n) = 2^(-E[h(x)] / c(n)).
/// </summary>
/// <remarks>
/// All trees live in one flat <see cref="IsolationNode"/> array; <see cref="Score"/> walks it without
/// allocating, so it is safe to call per process per sweep. Instances are immutable and thread-safe
/// for scoring.
/// </remarks>
public sealed class IsolationForest
{
    // Euler–Mascheroni constant, for the harmonic-number approximation H(i) ~ ln(i) + gamma used by
    // the paper (section 2, equation 1).
    private const double EulerGamma = 0.5772156649;

    private readonly IsolationNode[] _nodes;
    private readonly int[] _roots;
    private readonly double _normaliser;

    private IsolationForest(IsolationNode[] nodes, int[] roots, int dimensions, int subsampleSize)
    {
        _nodes = nodes;
        _roots = roots;
        Dimensions = dimensions;
        SubsampleSize = subsampleSize;
        _normaliser = AveragePathLength(subsampleSize);
    }

    /// <summary>Length of the points this forest was fitted on and scores.</summary>
    public int Dimensions { get; }

    /// <summary>Number of trees.</summary>
    public int TreeCount => _roots.Length;

    /// <summary>Points each tree was grown from: the configured subsample, or fewer when fewer samples were given.</summary>
    public int SubsampleSize { get; }

    /// <summary>
    /// Grows a forest from <paramref name="samples"/> (each the same length, at least one).
    /// All randomness comes from <paramref name="random"/>, so a seeded generator gives the same forest.
    /// </summary>
    public static IsolationForest Fit(IReadOnlyList<double[]> samples, IsolationForestOptions options, Random random)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        options.Validate();
        if (samples.Count == 0)
        {
            throw new ArgumentException("At least one sample is needed to fit an isolation forest.", nameof(samples));
        }

        var dimensions = samples[0]?.Length ?? throw new ArgumentException("Sample 0 is null.", nameof(samples));
        for (var i = 1; i < samples.Count; i++)
        {
            if (samples[i] is not { } sample || sample.Length != dimensions)
            {
                throw new ArgumentException($"Sample {i} has {samples[i]?.Length.ToString() ?? "no"} values; sample 0 has {dimensions}. All samples must have the same length.", nameof(samples));
            }
        }

        var subsample = Math.Min(options.SubsampleSize, samples.Count);
        var maxDepth = options.MaxDepth ?? (int)Math.Ceiling(Math.Log2(Math.Max(subsample, 2)));
        var builder = new IsolationTreeBuilder(samples, dimensions, subsample, maxDepth, random, options.Trees);
        var roots = new int[options.Trees];
        for (var t = 0; t < roots.Length; t++)
        {
            roots[t] = builder.BuildTree();
        }

        return new IsolationForest(builder.ToNodes(), roots, dimensions, subsample);
    }

    /// <summary>
    /// Anomaly score in [0, 1]: close to 1 is an anomaly, well below 0.5 is normal, and around 0.5 for
    /// every point means the data has no distinct anomalies. A forest grown from a single point or from
    /// identical points cannot separate anything and scores every point 0.5.
    /// </summary>
    public double Score(ReadOnlySpan<double> point)
    {
        if (point.Length != Dimensions)
        {
            throw new ArgumentException($"The point has {point.Length} values; the forest was fitted on {Dimensions}.", nameof(point));
        }

        if (_normaliser <= 0)
        {
            // c(1) = 0: one training point carries no notion of "usual" path length.
            return 0.5;
        }

        var nodes = _nodes;
        var total = 0.0;
        foreach (var root in _roots)
        {
            var index = root;
            var depth = 0;
            var node = nodes[index];
            while (node.Feature >= 0)
            {
                var value = point[node.Feature];
                // NaN compares false and goes right, consistently, rather than throwing mid-sweep.
                index = value < node.Value ? node.Left : node.Left + 1;
                node = nodes[index];
                depth++;
            }

            total += node.Value;
        }

        var meanPathLength = total / _roots.Length;
        return Math.Pow(2, -meanPathLength / _normaliser);
    }

    /// <summary>
    /// c(n): the average path length of an unsuccessful search in a binary search tree of n points,
    /// used both to normalise h(x) and to account for the unbuilt subtree below a leaf holding n points.
    /// </summary>
    internal static double AveragePathLength(int n)
    {
        if (n <= 1)
        {
            return 0;
        }

        if (n == 2)
        {
            return 1;
        }

        var harmonic = Math.Log(n - 1) + EulerGamma;
        return (2 * harmonic) - (2.0 * (n - 1) / n);
    }
}
