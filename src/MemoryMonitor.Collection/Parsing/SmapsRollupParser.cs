namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses /proc/PID/smaps_rollup (Documentation/ABI/testing/procfs-smaps_rollup).</summary>
internal static class SmapsRollupParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out SmapsRollup rollup)
    {
        long rss = -1, pss = -1, privateClean = -1, privateDirty = -1, swap = 0;
        var scanner = new ProcTextScanner(text);
        while (scanner.TryReadKeyedLine(out var key, out var rest))
        {
            if (key.SequenceEqual("Rss"u8))
            {
                rss = ProcessStatusParser.ReadKilobytes(rest);
            }
            else if (key.SequenceEqual("Pss"u8))
            {
                pss = ProcessStatusParser.ReadKilobytes(rest);
            }
            else if (key.SequenceEqual("Private_Clean"u8))
            {
                privateClean = ProcessStatusParser.ReadKilobytes(rest);
            }
            else if (key.SequenceEqual("Private_Dirty"u8))
            {
                privateDirty = ProcessStatusParser.ReadKilobytes(rest);
            }
            else if (key.SequenceEqual("Swap"u8))
            {
                swap = ProcessStatusParser.ReadKilobytes(rest);
            }
        }

        // USS is their sum: private bytes past 64 bits are no rollup a kernel printed.
        if (rss < 0 || pss < 0 || privateClean < 0 || privateDirty < 0 || privateClean > long.MaxValue - privateDirty)
        {
            rollup = default;
            return false;
        }

        rollup = new SmapsRollup(rss, pss, privateClean + privateDirty, swap);
        return true;
    }
}
