using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Export.ProcessSeries;
using static MemoryMonitor.Export.Tests.ProcessSeries.TestSweeps;

namespace MemoryMonitor.Export.Tests.ProcessSeries;

public sealed class ProcessSeriesPublisherTests
{
    [Fact]
    public async Task Group_rows_make_totals_add_up_across_individual_and_folded_processes()
    {
        var processes = Enumerable.Range(1, 10).Select(i => Process(i, i % 2 == 0 ? "worker" : "helper", resident: i * 1_000_000)).ToArray();
        var publisher = new ProcessSeriesPublisher();

        publisher.Publish(new ProcessSeriesSelector(topN: 3).Select(Unjudged(processes)), Swept());
        var rows = Family(await Exposition.Prometheus(publisher), "memmon_process_resident");

        Assert.Equal(processes.Sum(p => p.ResidentBytes), rows.Values.Sum());
        Assert.Equal(3, rows.Keys.Count(k => !k.Contains("pid=\"\"", StringComparison.Ordinal)));
        Assert.Contains(rows.Keys, k => k.Contains("pid=\"10\"", StringComparison.Ordinal));
        Assert.Equal(1_000_000 + 3_000_000 + 5_000_000 + 7_000_000, rows.Single(r => r.Key.Contains("comm=\"helper\",container_id=\"\",pid=\"\"", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task Series_of_an_exited_process_are_removed_from_every_family()
    {
        var survivor = Process(1, "survivor", resident: 5_000_000);
        var leaver = Process(2, "leaver", resident: 9_000_000);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 10);

        publisher.Publish(selector.Select(Unjudged(survivor, leaver)), Swept());
        Assert.Contains("pid=\"2\"", await Exposition.PrometheusText(publisher), StringComparison.Ordinal);
        publisher.Publish(selector.Select(Unjudged(survivor)), Swept(leaver));
        var text = await Exposition.PrometheusText(publisher);

        Assert.DoesNotContain("pid=\"2\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("leaver", text, StringComparison.Ordinal);
        Assert.Contains("pid=\"1\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flagged_process_keeps_its_own_series_outside_the_top_n()
    {
        var big = Process(1, "big", resident: 900_000_000);
        var small = Process(2, "small", resident: 1_000);
        var publisher = new ProcessSeriesPublisher();

        publisher.Publish(new ProcessSeriesSelector(topN: 1).Select([new(big, new ProcessJudgement()), FullyJudged(small, flagged: true)]), Swept());

        Assert.Contains("memmon_process_resident_bytes{pid=\"2\",comm=\"small\"", await Exposition.PrometheusText(publisher), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_fault_counter_does_not_fall_when_a_member_exits()
    {
        var a = Process(1, "job", resident: 10, minorFaults: 1_000);
        var b = Process(2, "job", resident: 10, minorFaults: 500);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 0);

        publisher.Publish(selector.Select(Unjudged(a, b)), Swept());
        a.MinorFaults = 1_200;
        publisher.Publish(selector.Select(Unjudged(a)), Swept(b));
        var text = await Exposition.PrometheusText(publisher);

        Assert.Contains("memmon_process_page_faults_total{pid=\"\",comm=\"job\",container_id=\"\",pod_uid=\"\",type=\"minor\"} 1700", text, StringComparison.Ordinal);
    }

    private static Dictionary<string, double> Family(Dictionary<string, double> series, string family) =>
        series.Where(s => Exposition.Family(s.Key) == family).ToDictionary();
}
