using System.Globalization;
using System.Text;

namespace MemoryMonitor.Agent.Configuration;

/// <summary>Prometheus-style durations: "500ms", "15s", "1m30s", "2h"; "0" is zero.</summary>
public static class Duration
{
    /// <summary>The units, largest first: <see cref="Format"/> writes them in this order and <see cref="TryParse"/> reads them.</summary>
    private static readonly (string Unit, long Milliseconds)[] Units =
        [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1)];

    /// <summary>The longest duration a <see cref="TimeSpan"/> holds; beyond it, "99999999999d" is not a duration rather than an overflow.</summary>
    private static readonly long MaxMilliseconds = TimeSpan.MaxValue.Ticks / TimeSpan.TicksPerMillisecond;

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

        var total = 0L;
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

            if (MillisecondsPer(rest[..unitLength]) is not { } unit || amount > (MaxMilliseconds - total) / unit)
            {
                return false;
            }

            total += amount * unit;
            rest = rest[unitLength..];
        }

        value = TimeSpan.FromTicks(total * TimeSpan.TicksPerMillisecond);
        return true;
    }

    /// <summary>
    /// The text <see cref="TryParse"/> reads back as <paramref name="value"/> (to the millisecond): 15s, 1m,
    /// 1m30s, 1s500ms, 0. Help prints defaults with it, so a default shown can be typed back as it is.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            // Never typed (TryParse has no sign), but options built in code can hold one and errors show it.
            return "-" + Format(value == TimeSpan.MinValue ? TimeSpan.MaxValue : value.Duration());
        }

        var rest = (long)value.TotalMilliseconds;
        if (rest == 0)
        {
            return "0";
        }

        var text = new StringBuilder();
        foreach (var (unit, milliseconds) in Units)
        {
            if (rest >= milliseconds)
            {
                text.Append(CultureInfo.InvariantCulture, $"{rest / milliseconds}{unit}");
                rest %= milliseconds;
            }
        }

        return text.ToString();
    }

    private static long? MillisecondsPer(ReadOnlySpan<char> unit)
    {
        foreach (var (name, milliseconds) in Units)
        {
            if (unit.SequenceEqual(name))
            {
                return milliseconds;
            }
        }

        return null;
    }
}
