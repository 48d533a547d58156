using System.Globalization;
using System.Text.Json;

namespace MemoryMonitor.TestSupport;

/// <summary>One answer of the Prometheus HTTP API: status, error, and the series of a vector or matrix result.</summary>
public sealed record QueryResponse(string Status, string? Error, string ResultType, IReadOnlyList<QuerySeries> Series)
{
    public bool IsSuccess => Status == "success";

    public static QueryResponse Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var status = root.GetProperty("status").GetString() ?? string.Empty;
        var error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
        if (!root.TryGetProperty("data", out var data))
        {
            return new QueryResponse(status, error, string.Empty, []);
        }

        var resultType = data.GetProperty("resultType").GetString() ?? string.Empty;
        var series = new List<QuerySeries>();
        if (resultType is "vector" or "matrix")
        {
            foreach (var item in data.GetProperty("result").EnumerateArray())
            {
                var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
                var points = new List<(double, double)>();
                if (item.TryGetProperty("values", out var values))
                {
                    foreach (var point in values.EnumerateArray())
                    {
                        points.Add(Point(point));
                    }
                }
                else
                {
                    points.Add(Point(item.GetProperty("value")));
                }

                series.Add(new QuerySeries(labels, points));
            }
        }
        else if (resultType == "scalar")
        {
            series.Add(new QuerySeries(new Dictionary<string, string>(), [Point(data.GetProperty("result"))]));
        }

        return new QueryResponse(status, error, resultType, series);
    }

    private static (double, double) Point(JsonElement pair) =>
        (pair[0].GetDouble(), double.Parse(pair[1].GetString()!, CultureInfo.InvariantCulture));
}

/// <summary>One series: its labels and (unix seconds, value) points.</summary>
public sealed record QuerySeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(double Time, double Value)> Points);
