using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Export.ProcessSeries;
using static MemoryMonitor.Export.Tests.ProcessSeries.TestSweeps;

namespace MemoryMonitor.Export.Tests.ProcessSeries;

/// <summary>The container families carry the cgroup's figures and judgement, and nothing for what is unknown.</summary>
public sealed class ContainerFamiliesTests
{
    private const string Labels = "container_id=\"c1\",pod_uid=\"pod-c1\"";

    /// <summary>The labels as /metrics writes them: outside Kubernetes the name labels are empty.</summary>
    private const string TextLabels = Labels + ",namespace=\"\",pod=\"\",container=\"\"";

    [Fact]
    public async Task Every_container_family_carries_the_cgroup_figures_under_its_labels()
    {
        var container = Container("c1", usage: 1_000_000_000, limit: 2_000_000_000);
        container.EffectiveLimitBytes = 1_500_000_000;
        container.HighBytes = 1_200_000_000;
        container.SwapBytes = 40_960;
        container.SwapRoomBytes = 100_000_000;
        container.Stat = new ContainerMemoryStat(
            AnonBytes: 600_000_000,
            FileBytes: 300_000_000,
            ActiveFileBytes: 200_000_000,
            InactiveFileBytes: 100_000_000,
            ShmemBytes: 50_000_000,
            FileMappedBytes: 40_000_000,
            UnevictableBytes: 70_000_000,
            SlabReclaimableBytes: 30_000_000,
            SlabUnreclaimableBytes: 20_000_000);
        container.Events = new ContainerMemoryEvents(Max: 12, High: 345, Oom: 3, OomKill: 2);
        container.Pressure = new PressureStall(SomeTotalMicroseconds: 1_500_000, FullTotalMicroseconds: 250_000, 0, 0, 0, 0, 0, 0);
        var publisher = new ProcessSeriesPublisher();

        publisher.Publish(new ProcessSeriesSelector(topN: 1).Select([]), [Judged(container, exhaustionSeconds: 5_400)], Swept([container]));

        var expected = new Dictionary<string, double>
        {
            [Key("memmon_container_memory_usage")] = 1_000_000_000,
            [Key("memmon_container_memory_limit")] = 2_000_000_000,
            [Key("memmon_container_memory_effective_limit")] = 1_500_000_000,
            [Key("memmon_container_memory_high")] = 1_200_000_000,

            // usage - inactive_file
            [Key("memmon_container_memory_working_set")] = 900_000_000,
            [Key("memmon_container_memory", "kind=\"anon\"")] = 600_000_000,
            [Key("memmon_container_memory", "kind=\"file\"")] = 300_000_000,
            [Key("memmon_container_memory", "kind=\"active_file\"")] = 200_000_000,
            [Key("memmon_container_memory", "kind=\"inactive_file\"")] = 100_000_000,
            [Key("memmon_container_memory", "kind=\"shmem\"")] = 50_000_000,
            [Key("memmon_container_memory", "kind=\"file_mapped\"")] = 40_000_000,
            [Key("memmon_container_memory", "kind=\"unevictable\"")] = 70_000_000,
            [Key("memmon_container_memory", "kind=\"slab_reclaimable\"")] = 30_000_000,
            [Key("memmon_container_memory", "kind=\"slab_unreclaimable\"")] = 20_000_000,

            // anon beyond the swap room (500 M) + shmem (50 M) + unreclaimable slab (20 M); unevictable is within anon.
            [Key("memmon_container_memory_unreclaimable")] = 570_000_000,
            [Key("memmon_container_swap")] = 40_960,
            [Key("memmon_container_oom_kills")] = 2,
            [Key("memmon_container_memory_events", "event=\"max\"")] = 12,
            [Key("memmon_container_memory_events", "event=\"high\"")] = 345,
            [Key("memmon_container_memory_events", "event=\"oom\"")] = 3,
            [Key("memmon_container_memory_events", "event=\"oom_kill\"")] = 2,
            [Key("memmon_container_memory_pressure", "kind=\"some\"")] = 1.5,
            [Key("memmon_container_memory_pressure", "kind=\"full\"")] = 0.25,
            [Key("memmon_container_memory_exhaustion")] = 5_400,
        };
        foreach (var series in await Exposition.Both(publisher))
        {
            Assert.Equal(expected.OrderBy(s => s.Key, StringComparer.Ordinal), series.OrderBy(s => s.Key, StringComparer.Ordinal));
        }

        // The full Prometheus names and label order a scrape sees.
        var text = await Exposition.PrometheusText(publisher);
        Assert.Contains($"memmon_container_memory_bytes{{{TextLabels},kind=\"inactive_file\"}} 100000000\n", text, StringComparison.Ordinal);
        Assert.Contains($"memmon_container_memory_events_total{{{TextLabels},event=\"high\"}} 345\n", text, StringComparison.Ordinal);
        Assert.Contains($"memmon_container_memory_pressure_seconds_total{{{TextLabels},kind=\"some\"}} 1.5\n", text, StringComparison.Ordinal);
        Assert.Contains($"memmon_container_oom_kills_total{{{TextLabels}}} 2\n", text, StringComparison.Ordinal);
        Assert.Contains($"memmon_container_memory_exhaustion_seconds{{{TextLabels}}} 5400\n", text, StringComparison.Ordinal);
    }

    /// <summary>A v1 cgroup without a memory.stat slab split, memory.high, PSI or events, and not judged yet.</summary>
    [Fact]
    public async Task Unknown_container_figures_have_no_series()
    {
        var container = new ContainerCgroup(new ContainerIdentity("c1", "pod-c1"), CgroupMemoryFiles.V2(string.Empty, ["c1"]))
        {
            UsageBytes = 300_000_000,
            Stat = ContainerMemoryStat.Unknown with { AnonBytes = 200_000_000, InactiveFileBytes = 50_000_000 },
        };
        var publisher = new ProcessSeriesPublisher();

        publisher.Publish(new ProcessSeriesSelector(topN: 1).Select([]), [], Swept([container]));

        foreach (var series in await Exposition.Both(publisher))
        {
            Assert.Equal(
                new[]
                {
                    Key("memmon_container_memory_usage"),
                    Key("memmon_container_memory_working_set"),
                    Key("memmon_container_memory", "kind=\"anon\""),
                    Key("memmon_container_memory", "kind=\"inactive_file\""),
                    Key("memmon_container_memory_unreclaimable"),
                }.Order(StringComparer.Ordinal),
                series.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(250_000_000, series[Key("memmon_container_memory_working_set")]);
        }
    }

    [Fact]
    public async Task Exhaustion_series_follows_the_judgement_and_a_lifted_limit_loses_its_series()
    {
        var container = Container("c1", usage: 100_000_000, limit: 256_000_000);
        var publisher = new ProcessSeriesPublisher();
        var selector = new ProcessSeriesSelector(topN: 1);

        publisher.Publish(selector.Select([]), [Judged(container, exhaustionSeconds: 3_600)], Swept([container]));
        Assert.All(await Exposition.Both(publisher), series => Assert.Equal(3_600, series[Key("memmon_container_memory_exhaustion")]));

        container.EffectiveLimitBytes = null;
        container.HighBytes = null;
        publisher.Publish(selector.Select([]), [Judged(container, exhaustionSeconds: null)], Swept([container]));

        foreach (var series in await Exposition.Both(publisher))
        {
            Assert.DoesNotContain(Key("memmon_container_memory_exhaustion"), series.Keys);
            Assert.DoesNotContain(Key("memmon_container_memory_effective_limit"), series.Keys);
            Assert.DoesNotContain(Key("memmon_container_memory_high"), series.Keys);
            Assert.Equal(100_000_000, series[Key("memmon_container_memory_usage")]);
        }

        publisher.Publish(selector.Select([]), [Judged(container, exhaustionSeconds: 1_800)], Swept([container]));
        Assert.Equal(1_800, (await Exposition.Prometheus(publisher))[Key("memmon_container_memory_exhaustion")]);
    }

    /// <summary>The key <see cref="Exposition"/> gives a series of container c1: labels sorted, so an extra one sits before pod_uid.</summary>
    private static string Key(string family, string? extraLabel = null) =>
        extraLabel is null ? $"{family}{{{Labels}}}" : $"{family}{{container_id=\"c1\",{extraLabel},pod_uid=\"pod-c1\"}}";
}
