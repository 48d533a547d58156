namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses /proc/pressure/memory: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0" and a "full" line.</summary>
internal static class PressureParser
{
    public static PressureStall Parse(ReadOnlySpan<byte> text)
    {
        Line some = default, full = default;
        var scanner = new ProcTextScanner(text);
        while (scanner.TryReadLine(out var line))
        {
            var fields = new ProcTextScanner(line);
            if (!fields.TryReadToken(out var kind))
            {
                continue;
            }

            var parsed = ParseLine(ref fields);
            if (kind.SequenceEqual("some"u8)) { some = parsed; }
            else if (kind.SequenceEqual("full"u8)) { full = parsed; }
        }

        if (!some.Present || !full.Present)
        {
            throw new ParseException("pressure/memory: expected a 'some' and a 'full' line");
        }

        return new PressureStall(some.Total, full.Total, some.Avg10, some.Avg60, some.Avg300, full.Avg10, full.Avg60, full.Avg300);
    }

    private static Line ParseLine(ref ProcTextScanner fields)
    {
        double avg10 = -1, avg60 = -1, avg300 = -1;
        long total = -1;
        while (fields.TryReadToken(out var pair))
        {
            var equals = pair.IndexOf((byte)'=');
            if (equals <= 0)
            {
                throw new ParseException("pressure/memory: expected key=value");
            }

            var key = pair[..equals];
            var value = pair[(equals + 1)..];
            var ok = key.SequenceEqual("total"u8)
                ? ProcTextScanner.TryParseLong(value, out total)
                : key.SequenceEqual("avg10"u8) ? ProcTextScanner.TryParseDecimal(value, out avg10)
                : key.SequenceEqual("avg60"u8) ? ProcTextScanner.TryParseDecimal(value, out avg60)
                : !key.SequenceEqual("avg300"u8) || ProcTextScanner.TryParseDecimal(value, out avg300);
            if (!ok)
            {
                throw new ParseException("pressure/memory: malformed number");
            }
        }

        if (total < 0 || avg10 < 0 || avg60 < 0 || avg300 < 0)
        {
            throw new ParseException("pressure/memory: line lacks avg10/avg60/avg300/total");
        }

        return new Line(true, total, avg10, avg60, avg300);
    }

    private readonly record struct Line(bool Present, long Total, double Avg10, double Avg60, double Avg300);
}
