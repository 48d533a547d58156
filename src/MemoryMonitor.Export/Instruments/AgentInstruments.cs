using System.Diagnostics.Metrics;
using MemoryMonitor.Baselines;
using MemoryMonitor.Collection.Errors;

namespace MemoryMonitor.Export.Instruments;

/// <summary>The agent's own health: sweep cost, process counts, read errors, smaps back-off, baseline saves kept in memory.</summary>
public sealed class AgentInstruments
{
    private static readonly CollectedFile[] Files = Enum.GetValues<CollectedFile>();
    private static readonly ReadFailure[] Reasons = Enum.GetValues<ReadFailure>();
    private static readonly BaselineStoreFault[] StoreFaults = Enum.GetValues<BaselineStoreFault>();
    private readonly Histogram<double> _sweepDuration;
    private readonly Counter<long> _sweeps;
    private readonly ReadErrorCounters _errors;
    private readonly BaselineSaveFailures _saveFailures;
    private volatile SweepCounts _counts = new(0, 0, 0, 0, 0);

    public AgentInstruments(Meter meter, ReadErrorCounters errors, BaselineSaveFailures saveFailures)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _errors = errors;
        _saveFailures = saveFailures;
        _sweepDuration = meter.CreateHistogram(
            MetricNames.AgentSweepDuration,
            "s",
            "Wall time of one collection sweep (system files, every process, containers).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
        _sweeps = meter.CreateCounter<long>(MetricNames.AgentSweeps, "{sweep}", "Collection sweeps completed.");
        meter.CreateObservableGauge(MetricNames.AgentProcesses, ObserveProcesses, "{process}", "Processes seen in the last sweep, how they are exported (individual series or folded into per-comm groups), and whether the analysis holds state for them (analysed, or unanalysed: beyond --max-analysed-processes or unreadable).");
        meter.CreateObservableCounter(MetricNames.AgentReadErrors, ObserveErrors, "{error}", "Reads that produced no value, by file and reason (vanished = the process exited mid-read; missing = this kernel or mount lacks the file).");
        meter.CreateObservableGauge(MetricNames.AgentSmapsBackoff, () => (long)_counts.SmapsBackedOff, "{process}", "Processes whose smaps_rollup cadence is stretched because their reads were slow.");
        meter.CreateObservableCounter(MetricNames.AgentBaselineSaveFailures, ObserveSaveFailures, "{baseline}", "Baseline saves kept in memory because baselines.db could not be written, by reason; written to the file once it can be again.");
    }

    public void RecordSweep(TimeSpan duration, SweepCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        _sweepDuration.Record(duration.TotalSeconds);
        _sweeps.Add(1);
        _counts = counts;
    }

    private IEnumerable<Measurement<long>> ObserveProcesses()
    {
        var counts = _counts;
        return
        [
            new(counts.Seen, new KeyValuePair<string, object?>("scope", "seen")),
            new(counts.Individual, new KeyValuePair<string, object?>("scope", "individual")),
            new(counts.Aggregated, new KeyValuePair<string, object?>("scope", "aggregated")),
            new(counts.Analysed, new KeyValuePair<string, object?>("scope", "analysed")),
            new(counts.Seen - counts.Analysed, new KeyValuePair<string, object?>("scope", "unanalysed")),
        ];
    }

    private List<Measurement<long>> ObserveErrors()
    {
        var result = new List<Measurement<long>>();
        foreach (var file in Files)
        {
            foreach (var reason in Reasons)
            {
                var count = _errors.Get(file, reason);
                if (count > 0)
                {
                    result.Add(new Measurement<long>(
                        count,
                        new KeyValuePair<string, object?>("file", LabelValues.Of(file)),
                        new KeyValuePair<string, object?>("reason", LabelValues.Of(reason))));
                }
            }
        }

        return result;
    }

    private List<Measurement<long>> ObserveSaveFailures()
    {
        var result = new List<Measurement<long>>();
        foreach (var fault in StoreFaults)
        {
            var count = _saveFailures.Get(fault);
            if (count > 0)
            {
                result.Add(new Measurement<long>(count, new KeyValuePair<string, object?>("reason", LabelValues.Of(fault))));
            }
        }

        return result;
    }
}
