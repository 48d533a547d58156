namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses /proc/PID/stat (proc(5)).</summary>
internal static class ProcessStatParser
{
    /// <summary>
    /// The comm field (2) is wrapped in parentheses and may itself contain spaces and ')',
    /// so the fixed fields start after the *last* ')' in the line.
    /// The comm is returned as a byte range into <paramref name="text"/> so callers can compare it
    /// with a cached name instead of allocating a string per sweep.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out ProcessStat stat)
    {
        stat = default;
        var open = text.IndexOf((byte)'(');
        var close = text.LastIndexOf((byte)')');
        if (open <= 0 || close < open)
        {
            return false;
        }

        if (!ProcTextScanner.TryParseLong(text[..open].TrimEnd((byte)' '), out var pid) || pid is <= 0 or > int.MaxValue)
        {
            return false;
        }

        var scanner = new ProcTextScanner(text[(close + 1)..]);

        // Fields 3..8: state ppid pgrp session tty_nr tpgid.
        if (!scanner.TrySkipTokens(6)
            || !scanner.TryReadLong(out var flags)         // 9
            || !scanner.TryReadLong(out var minflt)        // 10
            || !scanner.TrySkipTokens(1)                    // 11 cminflt
            || !scanner.TryReadLong(out var majflt)        // 12
            || !scanner.TrySkipTokens(7)                    // 13..19 cmajflt utime stime cutime cstime priority nice
            || !scanner.TryReadLong(out var threads)       // 20
            || !scanner.TrySkipTokens(1)                    // 21 itrealvalue
            || !scanner.TryReadLong(out var starttime)     // 22
            || !scanner.TryReadLong(out var vsize))        // 23
        {
            return false;
        }

        stat = new ProcessStat((int)pid, open + 1, close - open - 1, flags, minflt, majflt, threads, starttime, vsize);
        return true;
    }
}
