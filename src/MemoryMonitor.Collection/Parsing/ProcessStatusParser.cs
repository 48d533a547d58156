namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses the memory, thread and uid lines of /proc/PID/status (proc(5)).</summary>
internal static class ProcessStatusParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out ProcessStatus status)
    {
        long vmSize = -1, vmRss = -1, anon = -1, file = -1, shmem = -1, swap = -1, threads = -1, uid = -1;
        var sawName = false;
        var scanner = new ProcTextScanner(text);
        while (scanner.TryReadKeyedLine(out var key, out var rest))
        {
            switch (key.Length)
            {
                case 3 when key.SequenceEqual("Uid"u8):
                    var uidScanner = new ProcTextScanner(rest);
                    if (!uidScanner.TryReadLong(out uid))
                    {
                        status = default;
                        return false;
                    }

                    break;
                case 4 when key.SequenceEqual("Name"u8):
                    sawName = true;
                    break;
                case 5 when key.SequenceEqual("VmRSS"u8):
                    vmRss = ReadKilobytes(rest);
                    break;
                case 6 when key.SequenceEqual("VmSize"u8):
                    vmSize = ReadKilobytes(rest);
                    break;
                case 6 when key.SequenceEqual("VmSwap"u8):
                    swap = ReadKilobytes(rest);
                    break;
                case 7 when key.SequenceEqual("RssAnon"u8):
                    anon = ReadKilobytes(rest);
                    break;
                case 7 when key.SequenceEqual("RssFile"u8):
                    file = ReadKilobytes(rest);
                    break;
                case 8 when key.SequenceEqual("RssShmem"u8):
                    shmem = ReadKilobytes(rest);
                    break;
                case 7 when key.SequenceEqual("Threads"u8):
                    var threadScanner = new ProcTextScanner(rest);
                    threadScanner.TryReadLong(out threads);
                    break;
                default:
                    break;
            }
        }

        // A status file without its Name line is truncated or not a status file at all.
        if (!sawName || uid < 0)
        {
            status = default;
            return false;
        }

        status = new ProcessStatus(vmSize, vmRss, anon, file, shmem, swap, threads, uid);
        return true;
    }

    /// <summary>Reads "   1234 kB" as bytes; -1 when malformed (or too large for 64 bits as bytes) so one bad line does not hide the rest.</summary>
    internal static long ReadKilobytes(ReadOnlySpan<byte> rest)
    {
        var scanner = new ProcTextScanner(rest);
        return scanner.TryReadLong(out var kb) && kb is >= 0 and <= long.MaxValue / 1024 ? kb * 1024 : -1;
    }
}
