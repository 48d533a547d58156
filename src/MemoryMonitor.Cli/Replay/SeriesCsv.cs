using System.Globalization;

namespace MemoryMonitor.Cli.Replay;

/// <summary>
/// Reads and writes recorded series in NAB's layout: a `timestamp,value` header, then one row per sample.
/// The whole file is validated before anything is computed, so a bad row costs nothing but the error.
/// </summary>
internal static class SeriesCsv
{
    public static List<SeriesPoint> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new SeriesCsvException($"{path}: no such file");
        }

        var points = new List<SeriesPoint>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(',');
            if (lineNumber == 1 && fields.Length >= 2 && fields[0].Trim() == "timestamp")
            {
                continue;
            }

            if (fields.Length != 2)
            {
                throw new SeriesCsvException($"{path}:{lineNumber}: expected 2 fields 'timestamp,value', found {fields.Length}");
            }

            var text = fields[1].Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new SeriesCsvException($"{path}:{lineNumber}: value '{text}' is not a finite number");
            }

            if (fields[0].Trim().Length == 0)
            {
                throw new SeriesCsvException($"{path}:{lineNumber}: empty timestamp");
            }

            points.Add(new SeriesPoint(fields[0].Trim(), value));
        }

        return points.Count > 0 ? points : throw new SeriesCsvException($"{path}: no rows (expected a 'timestamp,value' header and rows)");
    }

    /// <summary>Writes `timestamp,value,anomaly_score` through a temp file, so a failed run never leaves half a file.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<SeriesPoint> points, IReadOnlyList<double> scores)
    {
        writer.WriteLine("timestamp,value,anomaly_score");
        for (var i = 0; i < points.Count; i++)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{points[i].Timestamp},{points[i].Value:R},{scores[i]:0.######}"));
        }
    }
}
