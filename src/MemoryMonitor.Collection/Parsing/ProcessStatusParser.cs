namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses the memory, thread and uid lines of /proc/PID/status (proc(5)).</summary>
internal static class ProcessStatusParser
{
    /// <summary>The kB lines the agent reads, in the order of <see cref="ProcessStatus"/>'s byte fields.</summary>
    private static readonly byte[][] KilobyteKeys = [.. new[] { "VmSize", "VmRSS", "RssAnon", "RssFile", "RssShmem", "VmSwap" }.Select(System.Text.Encoding.ASCII.GetBytes)];

    // One bit each for the lines read: once all are seen, the rest of the file holds nothing wanted.
    private const int NameSeen = 1, UidSeen = 2, ThreadsSeen = 4, FirstKilobyteSeen = 8;
    private static readonly int AllWanted = (FirstKilobyteSeen << KilobyteKeys.Length) - 1;

    public static bool TryParse(ReadOnlySpan<byte> text, out ProcessStatus status)
    {
        Span<long> bytes = stackalloc long[KilobyteKeys.Length];
        bytes.Fill(-1);
        long threads = -1, uid = -1;
        var seen = 0;
        var scanner = new ProcTextScanner(text);
        // Stops at the last line it wants (Threads, two thirds down): the signal masks, capabilities and CPU lists
        // after it are a third of every status file read each tick.
        while (seen != AllWanted && scanner.TryReadKeyedLine(out var key, out var rest))
        {
            if (key.SequenceEqual("Name"u8))
            {
                seen |= NameSeen;
            }
            else if (key.SequenceEqual("Uid"u8))
            {
                // The real uid comes first; a Uid line without one is garbled.
                if (!new ProcTextScanner(rest).TryReadLong(out uid))
                {
                    status = default;
                    return false;
                }

                seen |= UidSeen;
            }
            else if (key.SequenceEqual("Threads"u8))
            {
                new ProcTextScanner(rest).TryReadLong(out threads);
                seen |= ThreadsSeen;
            }
            else if (IndexOfKilobyteKey(key) is var field and >= 0)
            {
                bytes[field] = ReadKilobytes(rest);
                seen |= FirstKilobyteSeen << field;
            }
        }

        // A status file without its Name line is truncated or not a status file at all.
        if ((seen & NameSeen) == 0 || uid < 0)
        {
            status = default;
            return false;
        }

        status = new ProcessStatus(bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], threads, uid);
        return true;
    }

    private static int IndexOfKilobyteKey(ReadOnlySpan<byte> key)
    {
        for (var i = 0; i < KilobyteKeys.Length; i++)
        {
            if (key.SequenceEqual(KilobyteKeys[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Reads "   1234 kB" as bytes; -1 when malformed (or too large for 64 bits as bytes) so one bad line does not hide the rest.</summary>
    internal static long ReadKilobytes(ReadOnlySpan<byte> rest)
    {
        var scanner = new ProcTextScanner(rest);
        return scanner.TryReadLong(out var kb) && kb is >= 0 and <= long.MaxValue / 1024 ? kb * 1024 : -1;
    }
}
