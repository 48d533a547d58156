namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses /proc/meminfo ("Name:   value [kB]" per line, proc(5)).</summary>
internal static class MeminfoParser
{
    public static Meminfo Parse(ReadOnlySpan<byte> text, AsciiStringPool names)
    {
        var fields = new List<MeminfoField>(64);
        var scanner = new ProcTextScanner(text);
        var lineNumber = 0;
        while (scanner.TryReadLine(out var line))
        {
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }

            var colon = line.IndexOf((byte)':');
            var values = new ProcTextScanner(colon > 0 ? line[(colon + 1)..] : default);
            if (colon <= 0 || !values.TryReadLong(out var value) || value < 0)
            {
                throw new ParseException($"meminfo line {lineNumber}: expected 'Name: value [kB]'");
            }

            var isKilobytes = values.TryReadToken(out var unit) && unit.SequenceEqual("kB"u8);
            if (isKilobytes && value > long.MaxValue / 1024)
            {
                throw new ParseException($"meminfo line {lineNumber}: {value} kB does not fit 64 bits as bytes");
            }

            fields.Add(new MeminfoField(names.GetOrAdd(line[..colon]), isKilobytes ? value * 1024 : value, isKilobytes));
        }

        if (fields.Count == 0 || fields[0].Name != "MemTotal")
        {
            throw new ParseException("meminfo: first line is not MemTotal (empty or truncated file)");
        }

        return new Meminfo([.. fields]);
    }
}
