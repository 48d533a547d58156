using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Bounds per-process cardinality: the top N processes by resident memory, plus every process the analysis
/// flagged, keep individual series; everything else is folded into sums per comm and container so totals
/// still add up.
/// </summary>
public sealed class ProcessSeriesSelector
{
    private readonly int _topN;
    private readonly ProcessSelection _selection = new();
    private JudgedProcess[] _byResident = [];

    public ProcessSeriesSelector(int topN)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(topN);
        _topN = topN;
    }

    /// <summary>Returns a selection reused across calls; valid until the next call.</summary>
    public ProcessSelection Select(IReadOnlyList<JudgedProcess> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        if (_byResident.Length < processes.Count)
        {
            _byResident = new JudgedProcess[processes.Count * 2];
        }

        for (var i = 0; i < processes.Count; i++)
        {
            _byResident[i] = processes[i];
        }

        var span = _byResident.AsSpan(0, processes.Count);
        span.Sort(static (a, b) => b.Process.ResidentBytes.CompareTo(a.Process.ResidentBytes));
        _selection.Individual.Clear();
        _selection.Folded.Clear();
        for (var i = 0; i < span.Length; i++)
        {
            var judged = span[i];
            (i < _topN || judged.Judgement.IsFlagged ? _selection.Individual : _selection.Folded).Add(judged);
        }

        span.Clear();
        return _selection;
    }
}
