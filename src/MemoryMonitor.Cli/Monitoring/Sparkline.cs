namespace MemoryMonitor.Cli.Monitoring;

/// <summary>A series as block characters, one per sample, scaled between its own minimum and maximum.</summary>
internal static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    /// <summary>The last <paramref name="width"/> samples; a flat series is a flat line at the bottom.</summary>
    public static string Of(ReadOnlySpan<double> values, int width)
    {
        if (width <= 0 || values.IsEmpty)
        {
            return string.Empty;
        }

        var tail = values[Math.Max(0, values.Length - width)..];
        var min = double.MaxValue;
        var max = double.MinValue;
        foreach (var value in tail)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        var chars = new char[tail.Length];
        for (var i = 0; i < tail.Length; i++)
        {
            var level = max > min ? (int)Math.Round((tail[i] - min) / (max - min) * (Blocks.Length - 1)) : 0;
            chars[i] = Blocks[level];
        }

        return new string(chars);
    }
}
