using System.Diagnostics.Metrics;
using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Export.Instruments;

/// <summary>
/// Every kernel OOM kill the agent read, by the Kubernetes names of its container and the killed comm (stable
/// across the restart the kill causes, unlike a container id: cAdvisor's counter vanishes with the container,
/// cadvisor#3015), and how well the agent's own forecast did: the lead time it gave before each kill, and the kills
/// it did not see coming. Label sets are bounded by the distinct killed containers of the agent's life (over OTLP the
/// SDK's 2,000-point limit applies; a node that OOM-kills that many different pods has a bigger problem).
/// </summary>
public sealed class OomKillInstruments
{
    private readonly Histogram<double> _lead;
    private long _unforeseen;
    private readonly Dictionary<(string Namespace, string Pod, string Container, string Comm), long> _kills = [];
    private readonly Lock _gate = new();

    public OomKillInstruments(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableCounter(MetricNames.OomKills, ObserveKills, "{kill}", "Processes the kernel OOM-killed (from /dev/kmsg, else the cgroups' oom_kill counters), by the Kubernetes names of their container and their comm.");
        _lead = meter.CreateHistogram(
            MetricNames.OomKillForecastLead,
            "s",
            "How long before each OOM kill the agent's exhaustion forecast for the killed process (else its container) had warned, within 4 hours; kills it did not foresee are counted in memmon_oom_kills_unforeseen_total instead.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [10, 30, 60, 300, 900, 1800, 3600, 7200, 14400] });
        // Observed, so the series exists at 0 from the start: increase() then counts a node's first unforeseen kill too.
        meter.CreateObservableCounter(MetricNames.OomKillsUnforeseen, () => Interlocked.Read(ref _unforeseen), "{kill}", "OOM kills that no exhaustion forecast of the agent had warned of.");
    }

    public void Publish(IReadOnlyList<OomKillJudgement> kills)
    {
        ArgumentNullException.ThrowIfNull(kills);
        foreach (var kill in kills)
        {
            var key = (kill.Names.Namespace, kill.Names.Pod, kill.Names.Container, kill.Kill.Comm);
            lock (_gate)
            {
                _kills[key] = _kills.GetValueOrDefault(key) + 1;
            }

            if (kill.LeadSeconds is { } lead)
            {
                _lead.Record(lead);
            }
            else
            {
                Interlocked.Increment(ref _unforeseen);
            }
        }
    }

    private List<Measurement<long>> ObserveKills()
    {
        lock (_gate)
        {
            var result = new List<Measurement<long>>(_kills.Count);
            foreach (var ((ns, pod, container, comm), count) in _kills)
            {
                result.Add(new Measurement<long>(
                    count,
                    new KeyValuePair<string, object?>("namespace", ns),
                    new KeyValuePair<string, object?>("pod", pod),
                    new KeyValuePair<string, object?>("container", container),
                    new KeyValuePair<string, object?>("comm", comm)));
            }

            return result;
        }
    }
}
