namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses the fault, swap, OOM and compaction counters out of /proc/vmstat ("name value" per line).</summary>
internal static class VmstatParser
{
    public static VmstatCounters Parse(ReadOnlySpan<byte> text)
    {
        long pgfault = -1, pgmajfault = -1, pswpin = -1, pswpout = -1, oom = -1, stall = -1, fail = -1, success = -1;
        var lines = new FlatKeyedScanner(text, "vmstat");

        // The kernel prints unsigned counters; -1 in VmstatCounters means "not printed", never a value.
        while (lines.TryRead(out var name, out var value))
        {
            if (name.SequenceEqual("pgfault"u8)) { pgfault = value; }
            else if (name.SequenceEqual("pgmajfault"u8)) { pgmajfault = value; }
            else if (name.SequenceEqual("pswpin"u8)) { pswpin = value; }
            else if (name.SequenceEqual("pswpout"u8)) { pswpout = value; }
            else if (name.SequenceEqual("oom_kill"u8)) { oom = value; }
            else if (name.SequenceEqual("compact_stall"u8)) { stall = value; }
            else if (name.SequenceEqual("compact_fail"u8)) { fail = value; }
            else if (name.SequenceEqual("compact_success"u8)) { success = value; }
        }

        if (pgfault < 0 || pgmajfault < 0)
        {
            throw new ParseException("vmstat: pgfault/pgmajfault missing (empty or truncated file)");
        }

        return new VmstatCounters(pgfault, pgmajfault, pswpin, pswpout, oom, stall, fail, success);
    }
}
