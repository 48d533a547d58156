namespace MemoryMonitor.Export.Tests;

/// <summary>OTLP instruments carry unit and type themselves, so their names drop the Prometheus suffixes, and only those.</summary>
public sealed class InstrumentNameTests
{
    [Theory]
    [InlineData(MetricNames.ProcessResident, "memmon_process_resident")]
    [InlineData(MetricNames.ProcessPageFaults, "memmon_process_page_faults")]
    [InlineData(MetricNames.ProcessExhaustion, "memmon_process_memory_exhaustion")]
    [InlineData(MetricNames.ProcessGrowth, "memmon_process_memory_growth_bytes_per_second")]
    [InlineData(MetricNames.ProcessAnomalyScore, "memmon_process_anomaly_score")]
    [InlineData(MetricNames.ContainerPressure, "memmon_container_memory_pressure")]
    [InlineData(MetricNames.ContainerOomKills, "memmon_container_oom_kills")]
    public void The_otlp_name_is_the_prometheus_name_less_its_unit_or_total_suffix(string prometheusName, string expected) =>
        Assert.Equal(expected, MetricNames.InstrumentName(prometheusName));
}
