namespace MemoryMonitor.Analysis.Forest;

/// <summary>
/// How an <see cref="IsolationForest"/> is grown. The defaults are the ones Liu, Ting and Zhou (2008)
/// found sufficient across their benchmarks: path lengths converge well before 100 trees, and a
/// subsample of 256 keeps anomalies from being masked by dense normal points.
/// </summary>
public sealed class IsolationForestOptions
{
    /// <summary>Number of isolation trees (t in the paper). Default 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Points drawn without replacement for each tree (psi in the paper). Default 256.</summary>
    public int SubsampleSize { get; init; } = 256;

    /// <summary>
    /// Height limit of each tree; null means ceil(log2(subsample)), the average height of a random
    /// binary tree, beyond which only normal points would still be being separated.
    /// </summary>
    public int? MaxDepth { get; init; }

    internal void Validate()
    {
        if (Trees < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Trees), Trees, $"{nameof(IsolationForestOptions)}.{nameof(Trees)} is {Trees}; it must be at least 1.");
        }

        if (SubsampleSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SubsampleSize), SubsampleSize, $"{nameof(IsolationForestOptions)}.{nameof(SubsampleSize)} is {SubsampleSize}; it must be at least 1.");
        }

        if (MaxDepth is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDepth), MaxDepth, $"{nameof(IsolationForestOptions)}.{nameof(MaxDepth)} is {MaxDepth}; it must be 0 or more, or null for ceil(log2(subsample)).");
        }
    }
}
