using MemoryMonitor.Export.ProcessSeries;
using static MemoryMonitor.Export.Tests.ProcessSeries.TestSweeps;

namespace MemoryMonitor.Export.Tests.ProcessSeries;

/// <summary>docs/metrics.md promises that OTLP carries every family /metrics does; both are fed from the same publish.</summary>
public sealed class OtlpParityTests
{
    [Fact]
    public async Task Otlp_carries_the_same_per_process_and_container_series_as_metrics()
    {
        var publisher = Published();

        var prometheus = await Exposition.Prometheus(publisher);
        var otlp = Exposition.Otlp(publisher);

        Assert.Equal(Exposition.PerProcessNames().Select(MetricNames.InstrumentName).Order(StringComparer.Ordinal), Families(prometheus));
        Assert.Equal(Families(prometheus), Families(otlp));
        Assert.Equal(LabelSets(prometheus), LabelSets(otlp));
        Assert.Equal(prometheus.OrderBy(s => s.Key, StringComparer.Ordinal), otlp.OrderBy(s => s.Key, StringComparer.Ordinal));
    }

    /// <summary>One individual process, two folded into a group and their judged container: together they have a series in every family.</summary>
    private static ProcessSeriesPublisher Published()
    {
        var container = Container("c1", usage: 500_000_000, limit: 1_000_000_000);
        var api = FullyJudged(Process(1, "api", resident: 90_000_000, minorFaults: 1_000, container: container));
        var workers = Unjudged(Process(2, "worker", resident: 1_000_000, minorFaults: 10, container: container), Process(3, "worker", resident: 2_000_000, minorFaults: 20, container: container));
        var publisher = new ProcessSeriesPublisher();
        publisher.Publish(new ProcessSeriesSelector(topN: 1).Select([api, .. workers]), [Judged(container)], Swept([container]));
        return publisher;
    }

    private static List<string> Families(Dictionary<string, double> series) =>
        [.. series.Keys.Select(Exposition.Family).Distinct().Order(StringComparer.Ordinal)];

    private static List<string> LabelSets(Dictionary<string, double> series) =>
        [.. series.Keys.Select(k => Exposition.Family(k) + " " + Exposition.LabelNames(k)).Distinct().Order(StringComparer.Ordinal)];
}
