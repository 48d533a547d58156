using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Operations.Tests.Dashboards;

/// <summary>
/// Turns a Prometheus matrix into the data frames Grafana's Prometheus data source hands a panel
/// (one frame per series: a time field in epoch milliseconds and a number field carrying the labels, with
/// the legend as displayNameFromDS), which is what <c>context.panel.data.series</c> holds in Business Charts.
/// </summary>
internal static partial class GrafanaDataFrames
{
    public static JsonArray FromMatrix(QueryResponse response, string refId, string legendFormat, TimeSpan step)
    {
        var frames = new JsonArray();
        foreach (var series in response.Series)
        {
            var labels = new JsonObject();
            foreach (var (name, value) in series.Labels.Where(l => l.Key != "__name__"))
            {
                labels[name] = value;
            }

            var legend = Legend(legendFormat, series.Labels);
            var times = new JsonArray(series.Points.Select(p => JsonValue.Create((long)Math.Round(p.Time * 1000))).ToArray<JsonNode?>());
            var values = new JsonArray(series.Points.Select(p => JsonValue.Create(p.Value)).ToArray<JsonNode?>());
            frames.Add(new JsonObject
            {
                ["refId"] = refId,
                ["name"] = legend,
                ["length"] = series.Points.Count,
                ["fields"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["name"] = "Time",
                        ["type"] = "time",
                        ["config"] = new JsonObject { ["interval"] = (long)step.TotalMilliseconds },
                        ["values"] = times,
                    },
                    new JsonObject
                    {
                        ["name"] = series.Labels.TryGetValue("__name__", out var metric) ? metric : "Value",
                        ["type"] = "number",
                        ["labels"] = labels,
                        ["config"] = new JsonObject { ["displayNameFromDS"] = legend },
                        ["values"] = values,
                    },
                },
            });
        }

        return frames;
    }

    /// <summary>Grafana's legend format: {{label}} replaced by the label's value.</summary>
    public static string Legend(string format, IReadOnlyDictionary<string, string> labels) =>
        LabelReference().Replace(format, m => labels.TryGetValue(m.Groups[1].Value, out var v) ? v : string.Empty);

    [GeneratedRegex(@"\{\{\s*(\w+)\s*\}\}")]
    private static partial Regex LabelReference();
}
