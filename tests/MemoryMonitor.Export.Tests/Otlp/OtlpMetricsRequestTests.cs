using System.Diagnostics.Metrics;
using MemoryMonitor.Export.Exposition;
using MemoryMonitor.Export.Otlp;
using MemoryMonitor.Export.ProcessSeries;
using MemoryMonitor.Export.Tests.ProcessSeries;
using MemoryMonitor.TestSupport;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace MemoryMonitor.Export.Tests.Otlp;

/// <summary>The agent's own OTLP encoding, read back with the OTLP schema (opentelemetry-proto, compiled by Grpc.Tools).</summary>
public sealed class OtlpMetricsRequestTests
{
    [Fact]
    public void Meter_families_become_gauges_cumulative_sums_and_histograms_under_the_agents_resource()
    {
        using var meter = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);
        meter.CreateObservableGauge("memmon_test_memory", () => new Measurement<long>(4096, new KeyValuePair<string, object?>("state", "used")), "By", "Memory.");
        var pushes = meter.CreateCounter<long>("memmon_test_pushes", "{push}", "Pushes.");
        var lead = meter.CreateHistogram("memmon_test_lead", "s", "Lead.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2] });
        pushes.Add(1, new KeyValuePair<string, object?>("result", "ok"));
        pushes.Add(2, new KeyValuePair<string, object?>("result", "ok"));
        lead.Record(0.5);
        lead.Record(1);
        lead.Record(3);
        var request = new OtlpMetricsRequest(families, new ProcessSeriesPublisher(), OtlpResource.Of(new Dictionary<string, string> { ["k8s.node.name"] = "node-1", ["service.name"] = "edge" }), TimeProvider.System);

        var first = Decode(request);
        pushes.Add(4, new KeyValuePair<string, object?>("result", "ok"));
        var second = Decode(request);

        var resource = first.Request.ResourceMetrics.Single().Resource.Attributes.ToDictionary(a => a.Key, a => a.Value.StringValue);
        Assert.Equal("edge", resource["service.name"]);
        Assert.Equal("node-1", resource["k8s.node.name"]);
        Assert.Equal(OtlpMetricsRequest.ScopeName, first.Request.ResourceMetrics.Single().ScopeMetrics.Single().Scope.Name);

        var memory = first.Metric("memmon_test_memory")!;
        Assert.Equal(("By", "Memory."), (memory.Unit, memory.Description));
        var used = Assert.Single(memory.Gauge.DataPoints);
        Assert.Equal((4096d, "used"), (used.AsDouble, OtlpRequest.Attribute(used, "state")));
        Assert.Equal(0ul, used.StartTimeUnixNano);

        Metric Pushes(OtlpRequest r) => r.Metric("memmon_test_pushes")!;
        Assert.True(Pushes(first).Sum.IsMonotonic);
        Assert.Equal(AggregationTemporality.Cumulative, Pushes(first).Sum.AggregationTemporality);
        Assert.Equal(3, Assert.Single(Pushes(first).Sum.DataPoints).AsDouble);
        Assert.Equal(7, Assert.Single(Pushes(second).Sum.DataPoints).AsDouble);
        Assert.Equal(Pushes(first).Sum.DataPoints[0].StartTimeUnixNano, Pushes(second).Sum.DataPoints[0].StartTimeUnixNano);
        Assert.True(Pushes(second).Sum.DataPoints[0].TimeUnixNano >= Pushes(first).Sum.DataPoints[0].TimeUnixNano);

        var histogram = first.Metric("memmon_test_lead")!.Histogram;
        Assert.Equal(AggregationTemporality.Cumulative, histogram.AggregationTemporality);
        var point = Assert.Single(histogram.DataPoints);
        Assert.Equal([1d, 2d], point.ExplicitBounds);
        Assert.Equal([2ul, 0ul, 1ul], point.BucketCounts);
        Assert.Equal((3ul, 4.5), (point.Count, point.Sum));
    }

    [Fact]
    public void A_request_of_hundreds_of_processes_reads_back_whole()
    {
        // Lengths above 127 take two-byte varints and above 16 KB three: a large request crosses both.
        var processes = Enumerable.Range(1, 500).Select(pid => TestSweeps.FullyJudged(TestSweeps.Process(pid, "p" + pid, resident: pid * 1_000_000L, minorFaults: pid))).ToList();
        var publisher = new ProcessSeriesPublisher();
        publisher.Publish(new ProcessSeriesSelector(topN: 1000).Select(processes), [], TestSweeps.Swept());
        using var meter = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);

        var request = Decode(new OtlpMetricsRequest(families, publisher, OtlpResource.Of(new Dictionary<string, string>()), TimeProvider.System));

        var resident = request.Metric(MetricNames.InstrumentName(MetricNames.ProcessResident))!;
        Assert.Equal(500, resident.Gauge.DataPoints.Count);
        Assert.Contains(resident.Gauge.DataPoints, p => OtlpRequest.Attribute(p, "pid") == "250" && OtlpRequest.Attribute(p, "comm") == "p250" && p.AsDouble == 250_000_000);
    }

    private static OtlpRequest Decode(OtlpMetricsRequest request)
    {
        var (head, metrics) = request.Encode();
        return new OtlpRequest(string.Empty, ExportMetricsServiceRequest.Parser.ParseFrom([.. head.Span, .. metrics.Span]));
    }
}
