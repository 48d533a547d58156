namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses /proc/buddyinfo: "Node 0, zone   Normal   12  4  1 ..." per line.</summary>
internal static class BuddyinfoParser
{
    public static IReadOnlyList<BuddyZone> Parse(ReadOnlySpan<byte> text, AsciiStringPool names)
    {
        var zones = new List<BuddyZone>(4);
        var scanner = new ProcTextScanner(text);
        var lineNumber = 0;
        Span<long> counts = stackalloc long[32];
        while (scanner.TryReadLine(out var line))
        {
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }

            var fields = new ProcTextScanner(line);
            if (!fields.TryReadToken(out var nodeWord) || !nodeWord.SequenceEqual("Node"u8)
                || !fields.TryReadToken(out var nodeNumber) || nodeNumber.IsEmpty || nodeNumber[^1] != (byte)','
                || !ProcTextScanner.TryParseLong(nodeNumber[..^1], out var node) || node is < 0 or > int.MaxValue
                || !fields.TryReadToken(out var zoneWord) || !zoneWord.SequenceEqual("zone"u8)
                || !fields.TryReadToken(out var zoneName))
            {
                throw new ParseException($"buddyinfo line {lineNumber}: expected 'Node N, zone NAME counts...'");
            }

            // The kernel prints unsigned counts; the free pages they add up to (BuddyZone.FreePages) must fit 64 bits.
            var orders = 0;
            long pages = 0;
            while (fields.TryReadToken(out var countToken))
            {
                if (orders == counts.Length || !ProcTextScanner.TryParseLong(countToken, out var count)
                    || count < 0 || count > (long.MaxValue - pages) >> orders)
                {
                    throw new ParseException($"buddyinfo line {lineNumber}: bad free-block count");
                }

                counts[orders] = count;
                pages += count << orders;
                orders++;
            }

            if (orders == 0)
            {
                throw new ParseException($"buddyinfo line {lineNumber}: no free-block counts");
            }

            zones.Add(new BuddyZone((int)node, names.GetOrAdd(zoneName), counts[..orders].ToArray()));
        }

        return zones;
    }
}
