using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO.Pipelines;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using MemoryMonitor.Export.Exposition;
using MemoryMonitor.Export.Otlp;
using MemoryMonitor.TestSupport;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Export.Tests.ProcessSeries;

/// <summary>
/// What a publisher exports, read the way each consumer reads it: the /metrics text a scrape gets, and
/// the OTLP request a push sends, as the OTLP schema reads it. Both come back as series keyed
/// <c>instrument_name{label=value,...}</c> (labels sorted, Prometheus names mapped through
/// <see cref="MetricNames.InstrumentName"/>) so the two sides compare directly.
/// </summary>
internal static partial class Exposition
{
    public static async Task<string> PrometheusText(ProcessSeriesPublisher publisher)
    {
        using var meter = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);
        using var stream = new MemoryStream();
        var output = PipeWriter.Create(stream);
        await new MetricsExposition(families, publisher).WriteAsync(output, CancellationToken.None);
        await output.CompleteAsync();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static async Task<Dictionary<string, double>> Prometheus(ProcessSeriesPublisher publisher)
    {
        var series = new Dictionary<string, double>();
        foreach (var line in (await PrometheusText(publisher)).Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SeriesLine().Match(line);
            Assert.True(match.Success, line);
            var labels = Label().Matches(match.Groups["labels"].Value).Select(m => (m.Groups["key"].Value, m.Groups["value"].Value));
            series.Add(Key(MetricNames.InstrumentName(match.Groups["name"].Value), labels), double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
        }

        return series;
    }

    /// <summary>The per-process and per-container series of the OTLP request the agent would push, read with the OTLP schema.</summary>
    public static Dictionary<string, double> Otlp(ProcessSeriesPublisher publisher)
    {
        using var meter = new Meter(MetricNames.MeterName);
        using var families = new MeterFamilies(meter);
        var (head, metrics) = new OtlpMetricsRequest(families, publisher, OtlpResource.Of(new Dictionary<string, string>()), TimeProvider.System).Encode();
        var request = ExportMetricsServiceRequest.Parser.ParseFrom([.. head.Span, .. metrics.Span]);
        var series = new Dictionary<string, double>();
        foreach (var metric in new OtlpRequest(string.Empty, request).Metrics)
        {
            foreach (var point in OtlpRequest.NumberPoints(metric))
            {
                series.Add(Key(metric.Name, point.Attributes.Select(a => (a.Key, a.Value.StringValue))), point.AsDouble);
            }
        }

        return series;
    }

    /// <summary>Both exports of the publisher's last publish: /metrics, then OTLP.</summary>
    public static async Task<Dictionary<string, double>[]> Both(ProcessSeriesPublisher publisher) => [await Prometheus(publisher), Otlp(publisher)];

    /// <summary>The Prometheus names of every per-process and per-container family, as <see cref="MetricNames"/> defines them.</summary>
    public static List<string> PerProcessNames() =>
        [.. typeof(MetricNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .Where(name => name.StartsWith("memmon_process_", StringComparison.Ordinal) || name.StartsWith("memmon_container_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    /// <summary>The family of a series key: the instrument name before the labels.</summary>
    public static string Family(string key) => key[..key.IndexOf('{', StringComparison.Ordinal)];

    /// <summary>The label names of a series key, in order.</summary>
    public static string LabelNames(string key) => string.Join(',', Label().Matches(key).Select(m => m.Groups["key"].Value));

    /// <summary>
    /// The Kubernetes name labels are left out of a key while empty (every series outside Kubernetes), as Prometheus
    /// treats an empty label as absent; the tests that name containers assert them.
    /// </summary>
    private static readonly string[] KubernetesNameLabels = ["namespace", "pod", "container"];

    private static string Key(string name, IEnumerable<(string Key, string Value)> labels) =>
        name + "{" + string.Join(',', labels.Where(l => l.Value.Length > 0 || !KubernetesNameLabels.Contains(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    [GeneratedRegex("^(?<name>[a-z_]+)(\\{(?<labels>.*)\\})? (?<value>\\S+)$")]
    private static partial Regex SeriesLine();

    [GeneratedRegex("(?<key>[a-z_]+)=\"(?<value>[^\"]*)\"")]
    private static partial Regex Label();
}
