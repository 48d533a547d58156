namespace MemoryMonitor.Analysis.Forest;

/// <summary>
/// One node of an isolation tree, stored by value in the forest's flat node array so scoring walks
/// contiguous memory and allocates nothing.
/// </summary>
/// <param name="Feature">Index of the split feature, or -1 for an external (leaf) node.</param>
/// <param name="Value">Split threshold for an internal node (x &lt; Value goes left); for a leaf, the
/// full path-length contribution depth + c(size), precomputed at fit time.</param>
/// <param name="Left">Index of the left child; the right child is always Left + 1.</param>
internal readonly record struct IsolationNode(int Feature, double Value, int Left);
