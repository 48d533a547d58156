namespace MemoryMonitor.Analysis.Forest;

/// <summary>
/// Grows isolation trees into one shared node list. Scratch buffers (subsample indices, per-feature
/// ranges) are reused across trees so fitting allocates per forest, not per node.
/// </summary>
internal sealed class IsolationTreeBuilder
{
    private readonly IReadOnlyList<double[]> _samples;
    private readonly int _dimensions;
    private readonly int _subsample;
    private readonly int _maxDepth;
    private readonly Random _random;
    private readonly int[] _allIndices;
    private readonly int[] _treeIndices;
    private readonly int[] _splittable;
    private readonly double[] _minimum;
    private readonly double[] _maximum;
    private readonly List<IsolationNode> _nodes;

    public IsolationTreeBuilder(IReadOnlyList<double[]> samples, int dimensions, int subsample, int maxDepth, Random random, int trees)
    {
        _samples = samples;
        _dimensions = dimensions;
        _subsample = subsample;
        _maxDepth = maxDepth;
        _random = random;
        _allIndices = new int[samples.Count];
        for (var i = 0; i < _allIndices.Length; i++)
        {
            _allIndices[i] = i;
        }

        _treeIndices = new int[subsample];
        _splittable = new int[dimensions];
        _minimum = new double[dimensions];
        _maximum = new double[dimensions];
        // A binary tree over psi points has at most 2 psi - 1 nodes.
        _nodes = new List<IsolationNode>(trees * ((2 * subsample) - 1));
    }

    /// <summary>Draws a subsample without replacement and grows one tree; returns its root index.</summary>
    public int BuildTree()
    {
        // Partial Fisher–Yates: the first _subsample entries become a uniform sample without replacement.
        for (var i = 0; i < _subsample; i++)
        {
            var j = _random.Next(i, _allIndices.Length);
            (_allIndices[i], _allIndices[j]) = (_allIndices[j], _allIndices[i]);
            _treeIndices[i] = _allIndices[i];
        }

        var root = _nodes.Count;
        _nodes.Add(default);
        Grow(root, 0, _subsample, 0);
        return root;
    }

    public IsolationNode[] ToNodes() => [.. _nodes];

    private void Grow(int nodeIndex, int start, int count, int depth)
    {
        if (depth >= _maxDepth || count <= 1 || !TryChooseSplit(start, count, out var feature, out var threshold))
        {
            // External node: the points left here would need c(count) more splits on average to isolate.
            _nodes[nodeIndex] = new IsolationNode(-1, depth + IsolationForest.AveragePathLength(count), -1);
            return;
        }

        // Partition [start, start + count) so points below the threshold come first.
        var boundary = start;
        for (var i = start; i < start + count; i++)
        {
            if (_samples[_treeIndices[i]][feature] < threshold)
            {
                (_treeIndices[i], _treeIndices[boundary]) = (_treeIndices[boundary], _treeIndices[i]);
                boundary++;
            }
        }

        var left = _nodes.Count;
        _nodes.Add(default);
        _nodes.Add(default);
        _nodes[nodeIndex] = new IsolationNode(feature, threshold, left);
        Grow(left, start, boundary - start, depth + 1);
        Grow(left + 1, boundary, start + count - boundary, depth + 1);
    }

    /// <summary>
    /// Picks a random feature among those that still vary in this node, and a threshold uniformly
    /// between its minimum and maximum. The paper draws from all features; skipping constant ones
    /// (as scikit-learn does) avoids empty children without changing which points are isolated.
    /// </summary>
    private bool TryChooseSplit(int start, int count, out int feature, out double threshold)
    {
        for (var d = 0; d < _dimensions; d++)
        {
            _minimum[d] = double.PositiveInfinity;
            _maximum[d] = double.NegativeInfinity;
        }

        for (var i = start; i < start + count; i++)
        {
            var sample = _samples[_treeIndices[i]];
            for (var d = 0; d < _dimensions; d++)
            {
                var value = sample[d];
                if (value < _minimum[d])
                {
                    _minimum[d] = value;
                }

                if (value > _maximum[d])
                {
                    _maximum[d] = value;
                }
            }
        }

        var splittable = 0;
        for (var d = 0; d < _dimensions; d++)
        {
            if (_maximum[d] > _minimum[d])
            {
                _splittable[splittable++] = d;
            }
        }

        if (splittable == 0)
        {
            feature = -1;
            threshold = 0;
            return false;
        }

        feature = _splittable[_random.Next(splittable)];
        var minimum = _minimum[feature];
        var maximum = _maximum[feature];
        threshold = minimum + ((maximum - minimum) * _random.NextDouble());
        if (threshold <= minimum || threshold > maximum)
        {
            // Rounding can land on the minimum (empty left side); the maximum always separates at
            // least one point to the right.
            threshold = maximum;
        }

        return true;
    }
}
