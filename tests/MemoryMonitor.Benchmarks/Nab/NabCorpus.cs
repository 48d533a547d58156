using System.Globalization;
using System.Text.Json;

namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>
/// Loads a NAB checkout's data/ and labels/combined_windows.json. A window's limits are timestamps that must be rows
/// of the file (NAB looks them up with <c>timestamps.index(...)</c>), so a limit that matches no row is an error.
/// </summary>
internal static class NabCorpus
{
    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.ffffff"];

    public static IReadOnlyList<NabDataFile> Load(string root)
    {
        var labelsPath = Path.Combine(root, "labels", "combined_windows.json");
        using var labels = JsonDocument.Parse(File.ReadAllText(labelsPath));
        var files = new List<NabDataFile>();
        foreach (var entry in labels.RootElement.EnumerateObject())
        {
            var dataPath = Path.Combine(root, "data", entry.Name);
            if (!File.Exists(dataPath))
            {
                throw new FileNotFoundException($"{labelsPath}: window file {entry.Name} is not under {root}/data", dataPath);
            }

            var (timestamps, values) = ReadSeries(dataPath);
            var index = new Dictionary<DateTime, int>(timestamps.Length);
            for (var i = 0; i < timestamps.Length; i++)
            {
                index[timestamps[i]] = i;
            }

            var windows = new List<NabWindow>();
            foreach (var limits in entry.Value.EnumerateArray())
            {
                var start = RowOf(index, limits[0].GetString(), entry.Name);
                var end = RowOf(index, limits[1].GetString(), entry.Name);
                windows.Add(new NabWindow(start, end));
            }

            windows.Sort((a, b) => a.Start.CompareTo(b.Start));
            files.Add(new NabDataFile(entry.Name, values, [.. windows]));
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return files;
    }

    private static int RowOf(Dictionary<DateTime, int> index, string? timestamp, string file)
    {
        var at = ParseTimestamp(timestamp ?? throw new InvalidDataException($"{file}: null window limit"));
        return index.TryGetValue(at, out var row)
            ? row
            : throw new InvalidDataException($"{file}: window limit {timestamp} is not a row of the file");
    }

    private static (DateTime[] Timestamps, double[] Values) ReadSeries(string path)
    {
        var timestamps = new List<DateTime>();
        var values = new List<double>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1 || line.Length == 0)
            {
                continue;
            }

            var comma = line.IndexOf(',');
            if (comma < 0 || !double.TryParse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'timestamp,value', got '{line}'");
            }

            timestamps.Add(ParseTimestamp(line[..comma]));
            values.Add(value);
        }

        return ([.. timestamps], [.. values]);
    }

    private static DateTime ParseTimestamp(string text) =>
        DateTime.ParseExact(text.Trim(), TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None);
}
