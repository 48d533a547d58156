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

        publisher.Publish(new ProcessSeriesSelector(topN: 3).Select(Unjudged(processes)), [], Swept());
        var rows = Family(await Exposition.Prometheus(publisher), "memmon_process_resident");

        Assert.Equal(processes.Sum(p => p.ResidentBytes), rows.Values.Sum());
        Assert.Equal(3, rows.Keys.Count(k => !k.Contains("pid=\"\"", StringComparison.Ordinal)));
        Assert.Contains(rows.Keys, k => k.Contains("pid=\"10\"", StringComparison.Ordinal));
        Assert.Equal(1_000_000 + 3_000_000 + 5_000_000 + 7_000_000, rows.Single(r => r.Key.Contains("comm=\"helper\",container_id=\"\",pid=\"\"", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task Kubernetes_names_label_the_container_and_its_processes_and_replace_the_unnamed_series()
    {
        var container = Container("c1", usage: 100_000_000, limit: 256_000_000);
        var process = Process(1, "api", resident: 50_000_000, container: container);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 10);
        publisher.Publish(selector.Select(Unjudged([process])), [], Swept([container]));

        // The kubelet's log appeared after the container's first sweep: the unnamed series go, named ones replace them.
        container.Names = new("shop", "cart-6b7c9d-q8w2e", "api");
        publisher.Publish(selector.Select(Unjudged([process])), [], Swept([container]));
        foreach (var series in await Exposition.Both(publisher))
        {
            const string Names = "container=\"api\",container_id=\"c1\",namespace=\"shop\"";
            Assert.Contains(series.Keys, k => k.StartsWith("memmon_container_memory_usage{" + Names + ",pod=\"cart-6b7c9d-q8w2e\",pod_uid=", StringComparison.Ordinal));
            Assert.Contains(series.Keys, k => k.StartsWith("memmon_process_resident{comm=\"api\"," + Names + ",pid=\"1\",pod=\"cart-6b7c9d-q8w2e\"", StringComparison.Ordinal));
            Assert.DoesNotContain(series.Keys, k => k.Contains("container_id=\"c1\"", StringComparison.Ordinal) && !k.Contains("namespace=\"shop\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_exited_process_loses_its_series_in_every_family_of_both_exports()
    {
        var survivor = FullyJudged(Process(1, "survivor", resident: 5_000_000));
        var leaver = FullyJudged(Process(2, "leaver", resident: 9_000_000));
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 10);

        publisher.Publish(selector.Select([survivor, leaver]), [], Swept());
        Assert.Equal(ProcessFamilyTable.Process.Count, FamiliesWith(await Exposition.Prometheus(publisher), "pid=\"2\"").Count);
        publisher.Publish(selector.Select([survivor]), [], Swept(leaver.Process));

        foreach (var series in await Exposition.Both(publisher))
        {
            Assert.Empty(FamiliesWith(series, "comm=\"leaver\""));
            Assert.Equal(ProcessFamilyTable.Process.Count, FamiliesWith(series, "pid=\"1\"").Count);
        }
    }

    [Fact]
    public async Task A_process_leaving_the_top_n_loses_its_own_series_and_counts_in_its_group()
    {
        var big = Process(1, "big", resident: 900_000_000);
        var worker = Process(2, "worker", resident: 50_000_000);
        var folded = Process(3, "worker", resident: 1_000_000);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 2);

        publisher.Publish(selector.Select(Unjudged(big, worker, folded)), [], Swept());
        Assert.NotEmpty(FamiliesWith(await Exposition.Prometheus(publisher), "pid=\"2\""));
        worker.ResidentBytes = 500_000;
        var bigger = Process(4, "cache", resident: 80_000_000);
        publisher.Publish(selector.Select(Unjudged(big, worker, folded, bigger)), [], Swept());

        foreach (var series in await Exposition.Both(publisher))
        {
            Assert.Empty(FamiliesWith(series, "pid=\"2\""));
            Assert.Equal(1_500_000, series["memmon_process_resident{comm=\"worker\",container_id=\"\",pid=\"\",pod_uid=\"\"}"]);
            Assert.Equal(2, series["memmon_process_group_processes{comm=\"worker\",container_id=\"\",pod_uid=\"\"}"]);
        }
    }

    [Fact]
    public async Task An_exited_container_loses_its_series_in_every_container_family()
    {
        var gone = Container("gone", usage: 300_000_000, limit: 512_000_000);
        var kept = Container("kept", usage: 100_000_000, limit: 256_000_000);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 10);

        publisher.Publish(selector.Select([]), [Judged(gone), Judged(kept)], Swept([gone, kept]));
        Assert.Equal(ProcessFamilyTable.Container.Count, FamiliesWith(await Exposition.Prometheus(publisher), "container_id=\"gone\"").Count);

        // A judgement left over for the exited container does not bring its series back.
        publisher.Publish(selector.Select([]), [Judged(kept), Judged(gone)], Swept([kept], exitedContainers: [gone]));

        foreach (var series in await Exposition.Both(publisher))
        {
            Assert.Empty(FamiliesWith(series, "container_id=\"gone\""));
            Assert.Equal(256_000_000, series["memmon_container_memory_limit{container_id=\"kept\",pod_uid=\"pod-kept\"}"]);
            Assert.Equal(100_000_000, series["memmon_container_memory_usage{container_id=\"kept\",pod_uid=\"pod-kept\"}"]);
        }
    }

    [Fact]
    public async Task Flagged_process_keeps_its_own_series_outside_the_top_n()
    {
        var big = Process(1, "big", resident: 900_000_000);
        var small = Process(2, "small", resident: 1_000);
        var publisher = new ProcessSeriesPublisher();

        publisher.Publish(new ProcessSeriesSelector(topN: 1).Select([new(big, new ProcessJudgement()), FullyJudged(small, flagged: true)]), [], Swept());

        Assert.Contains("memmon_process_resident_bytes{pid=\"2\",comm=\"small\"", await Exposition.PrometheusText(publisher), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_fault_counter_does_not_fall_when_a_member_exits()
    {
        var a = Process(1, "job", resident: 10, minorFaults: 1_000);
        var b = Process(2, "job", resident: 10, minorFaults: 500);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 0);

        publisher.Publish(selector.Select(Unjudged(a, b)), [], Swept());
        a.MinorFaults = 1_200;
        publisher.Publish(selector.Select(Unjudged(a)), [], Swept(b));
        var text = await Exposition.PrometheusText(publisher);

        Assert.Contains("memmon_process_page_faults_total{pid=\"\",comm=\"job\",container_id=\"\",pod_uid=\"\",namespace=\"\",pod=\"\",container=\"\",type=\"minor\"} 1700", text, StringComparison.Ordinal);
    }

    /// <summary>The families with a series whose labels include <paramref name="label"/> (<c>name="value"</c>).</summary>
    private static HashSet<string> FamiliesWith(Dictionary<string, double> series, string label) =>
        [.. series.Keys.Where(k => k.Contains(label, StringComparison.Ordinal)).Select(Exposition.Family)];

    private static Dictionary<string, double> Family(Dictionary<string, double> series, string family) =>
        series.Where(s => Exposition.Family(s.Key) == family).ToDictionary();
}
