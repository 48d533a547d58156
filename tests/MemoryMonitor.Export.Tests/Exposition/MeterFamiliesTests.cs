using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using MemoryMonitor.Export.Exposition;

namespace MemoryMonitor.Export.Tests.Exposition;

/// <summary>The meter's instruments as /metrics text: names, types, values and escaping as the OpenTelemetry exporter wrote them.</summary>
public sealed class MeterFamiliesTests
{
    [Fact]
    public void Observed_instruments_are_named_by_unit_and_kind_and_written_as_reported()
    {
        using var meter = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);
        meter.CreateObservableGauge("memmon_test_memory", () => new Measurement<long>(4096, new KeyValuePair<string, object?>("state", "used")), "By", "Memory.");
        meter.CreateObservableCounter("memmon_test_faults", () => 7L, "{fault}", "Faults.");
        meter.CreateObservableCounter("memmon_test_stall", () => 1.5, "s", "Stalls.");
        meter.CreateObservableGauge("memmon_test_share_ratio", () => 0.25, "1", "Share.");

        var text = Write(families);

        Assert.Equal(
            """
            # HELP memmon_test_memory_bytes Memory.
            # TYPE memmon_test_memory_bytes gauge
            memmon_test_memory_bytes{state="used"} 4096
            # HELP memmon_test_faults_total Faults.
            # TYPE memmon_test_faults_total counter
            memmon_test_faults_total 7
            # HELP memmon_test_stall_seconds_total Stalls.
            # TYPE memmon_test_stall_seconds_total counter
            memmon_test_stall_seconds_total 1.5
            # HELP memmon_test_share_ratio Share.
            # TYPE memmon_test_share_ratio gauge
            memmon_test_share_ratio 0.25

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Label_values_and_help_are_escaped()
    {
        using var meter = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);
        meter.CreateObservableGauge("memmon_test_info", () => new Measurement<long>(1, new KeyValuePair<string, object?>("comm", "a\"b\\c\nd"), new KeyValuePair<string, object?>("node", 0)), null, "Back\\slash and\nline.");

        var text = Write(families);

        Assert.Contains("# HELP memmon_test_info Back\\\\slash and\\nline.\n", text, StringComparison.Ordinal);
        Assert.Contains("memmon_test_info{comm=\"a\\\"b\\\\c\\nd\",node=\"0\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Counters_sum_per_label_set_and_histograms_count_cumulatively()
    {
        using var meter = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);
        var pushes = meter.CreateCounter<long>("memmon_test_pushes", "{push}", "Pushes.");
        var lead = meter.CreateHistogram("memmon_test_lead", "s", "Lead.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2] });
        pushes.Add(1, new KeyValuePair<string, object?>("result", "ok"));
        pushes.Add(2, new KeyValuePair<string, object?>("result", "ok"));
        pushes.Add(1, new KeyValuePair<string, object?>("result", "failed"));
        lead.Record(0.5);
        lead.Record(1);
        lead.Record(3);

        var text = Write(families);

        Assert.Contains("memmon_test_pushes_total{result=\"ok\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("memmon_test_pushes_total{result=\"failed\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains(
            """
            # TYPE memmon_test_lead_seconds histogram
            memmon_test_lead_seconds_bucket{le="1"} 2
            memmon_test_lead_seconds_bucket{le="2"} 2
            memmon_test_lead_seconds_bucket{le="+Inf"} 3
            memmon_test_lead_seconds_sum 4.5
            memmon_test_lead_seconds_count 3

            """.ReplaceLineEndings("\n"),
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_family_without_series_is_left_out_and_each_scrape_reports_afresh()
    {
        using var meter = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);
        var value = 1L;
        meter.CreateObservableGauge("memmon_test_seen", () => value == 0 ? [] : new[] { new Measurement<long>(value) });
        meter.CreateCounter<long>("memmon_test_never", null, "Never added to.");

        Assert.Contains("memmon_test_seen 1\n", Write(families), StringComparison.Ordinal);
        value = 2;
        Assert.Contains("memmon_test_seen 2\n", Write(families), StringComparison.Ordinal);
        value = 0;
        Assert.Equal(string.Empty, Write(families));
    }

    [Fact]
    public void Only_the_given_meter_is_exported_though_another_has_its_name()
    {
        using var meter = new Meter(MetricNames.MeterName);
        using var other = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);
        meter.CreateObservableGauge("memmon_test_mine", () => 1L);
        other.CreateObservableGauge("memmon_test_theirs", () => 1L);

        var text = Write(families);

        Assert.Contains("memmon_test_mine", text, StringComparison.Ordinal);
        Assert.DoesNotContain("memmon_test_theirs", text, StringComparison.Ordinal);
    }

    private static string Write(MeterFamilies families)
    {
        var output = new ArrayBufferWriter<byte>();
        families.Write(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
