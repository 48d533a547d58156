using MemoryMonitor.Analysis.Flags;
using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Bounds per-process cardinality: the top N processes by resident memory, plus every process an analysis
/// flags, keep individual series; everything else is folded into sums per comm and container so totals
/// still add up.
/// </summary>
public sealed class ProcessSeriesSelector
{
    private readonly int _topN;
    private readonly IProcessFlags _flags;
    private readonly ProcessSelection _selection = new();
    private ProcessRecord[] _byResident = [];

    public ProcessSeriesSelector(int topN, IProcessFlags flags)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        _topN = topN;
        _flags = flags;
    }

    /// <summary>Returns a selection reused across calls; valid until the next call.</summary>
    public ProcessSelection Select(IReadOnlyCollection<ProcessRecord> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        if (_byResident.Length < processes.Count)
        {
            _byResident = new ProcessRecord[processes.Count * 2];
        }

        var count = 0;
        foreach (var process in processes)
        {
            _byResident[count++] = process;
        }

        var span = _byResident.AsSpan(0, count);
        span.Sort(static (a, b) => b.ResidentBytes.CompareTo(a.ResidentBytes));
        _selection.Individual.Clear();
        _selection.Folded.Clear();
        for (var i = 0; i < span.Length; i++)
        {
            var process = span[i];
            (i < _topN || _flags.IsFlagged(process) ? _selection.Individual : _selection.Folded).Add(process);
        }

        span.Clear();
        return _selection;
    }
}
