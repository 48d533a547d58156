using System.Globalization;

namespace MemoryMonitor.Agent.Configuration;

/// <summary>Prometheus-style durations: "500ms", "15s", "1m30s", "2h"; "0" is zero.</summary>
public static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var rest = text.Trim().AsSpan();
        if (rest is "0")
        {
            return true;
        }

        while (!rest.IsEmpty)
        {
            var digits = 0;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 0 || !long.TryParse(rest[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            rest = rest[digits..];
            var unitLength = 0;
            while (unitLength < rest.Length && char.IsAsciiLetterLower(rest[unitLength]))
            {
                unitLength++;
            }

            TimeSpan unit;
            switch (rest[..unitLength])
            {
                case "ms": unit = TimeSpan.FromMilliseconds(1); break;
                case "s": unit = TimeSpan.FromSeconds(1); break;
                case "m": unit = TimeSpan.FromMinutes(1); break;
                case "h": unit = TimeSpan.FromHours(1); break;
                case "d": unit = TimeSpan.FromDays(1); break;
                default: return false;
            }

            value += unit * amount;
            rest = rest[unitLength..];
        }

        return true;
    }

    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds < 1000 ? $"{value.TotalMilliseconds:0}ms" : value.TotalSeconds % 60 != 0 || value.TotalSeconds < 60 ? $"{value.TotalSeconds:0.###}s" : $"{value.TotalMinutes:0.###}m";
}
