using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.Sweeps;
using MemoryMonitor.Collection.SystemMemory;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Agent.Tests.Export;

public sealed class ProcessSeriesPublisherTests
{
    [Fact]
    public async Task Group_rows_make_totals_add_up_across_individual_and_folded_processes()
    {
        var processes = Enumerable.Range(1, 10).Select(i => Process(i, i % 2 == 0 ? "worker" : "helper", resident: i * 1_000_000)).ToList();
        var publisher = new ProcessSeriesPublisher();

        publisher.Publish(new ProcessSeriesSelector(topN: 3).Select(Judged(processes)), Swept());
        var rows = await ResidentRows(publisher);

        Assert.Equal(processes.Sum(p => p.ResidentBytes), rows.Values.Sum());
        Assert.Equal(3, rows.Keys.Count(k => !k.Contains("pid=\"\"", StringComparison.Ordinal)));
        Assert.Contains(rows.Keys, k => k.Contains("pid=\"10\"", StringComparison.Ordinal));
        Assert.Equal(1_000_000 + 3_000_000 + 5_000_000 + 7_000_000, rows.Single(r => r.Key.Contains("pid=\"\",comm=\"helper\"", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public async Task Series_of_an_exited_process_are_removed_from_every_family()
    {
        var survivor = Process(1, "survivor", resident: 5_000_000);
        var leaver = Process(2, "leaver", resident: 9_000_000);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 10);

        publisher.Publish(selector.Select(Judged([survivor, leaver])), Swept());
        Assert.Contains("pid=\"2\"", await Text(publisher), StringComparison.Ordinal);
        publisher.Publish(selector.Select(Judged([survivor])), Swept(exited: leaver));
        var text = await Text(publisher);

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

        publisher.Publish(new ProcessSeriesSelector(topN: 1).Select([new(big, new ProcessJudgement()), new(small, new ProcessJudgement { IsFlagged = true })]), Swept());

        Assert.Contains("memmon_process_resident_bytes{pid=\"2\",comm=\"small\"", await Text(publisher), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_fault_counter_does_not_fall_when_a_member_exits()
    {
        var a = Process(1, "job", resident: 10, minorFaults: 1_000);
        var b = Process(2, "job", resident: 10, minorFaults: 500);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 0);

        publisher.Publish(selector.Select(Judged([a, b])), Swept());
        a.MinorFaults = 1_200;
        publisher.Publish(selector.Select(Judged([a])), Swept(exited: b));
        var text = await Text(publisher);

        Assert.Contains("memmon_process_page_faults_total{pid=\"\",comm=\"job\",container_id=\"\",pod_uid=\"\",type=\"minor\"} 1700", text, StringComparison.Ordinal);
    }

    private static ProcessRecord Process(int pid, string comm, long resident, long minorFaults = 0) => new(pid, startTimeTicks: pid)
    {
        Comm = comm,
        ResidentBytes = resident,
        ResidentAnonBytes = resident / 2,
        MinorFaults = minorFaults,
        StartTime = DateTimeOffset.UnixEpoch,
    };

    private static async Task<string> Text(ProcessSeriesPublisher publisher)
    {
        using var stream = new MemoryStream();
        await publisher.Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<Dictionary<string, double>> ResidentRows(ProcessSeriesPublisher publisher) =>
        (await Text(publisher)).Split('\n')
            .Where(l => l.StartsWith("memmon_process_resident_bytes{", StringComparison.Ordinal))
            .ToDictionary(l => l[..l.LastIndexOf(' ')], l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static List<JudgedProcess> Judged(IEnumerable<ProcessRecord> processes) => [.. processes.Select(p => new JudgedProcess(p, new ProcessJudgement()))];

    private static Sweep Swept(params ProcessRecord[] exited) =>
        new(new SystemMemorySnapshot(DateTimeOffset.UnixEpoch, TimeSpan.Zero, null, null, null, [], 9), [], [], exited, [], 0);
}
