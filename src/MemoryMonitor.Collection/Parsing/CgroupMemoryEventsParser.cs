using MemoryMonitor.Collection.Containers;

namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses a memory cgroup's event counters: v2 memory.events, v1 memory.oom_control (with memory.failcnt).</summary>
internal static class CgroupMemoryEventsParser
{
    /// <summary>
    /// v2 memory.events (Documentation/admin-guide/cgroup-v2.rst): low, high, max, oom, oom_kill (Linux 4.13+; -1
    /// before) and oom_group_kill (not needed). Hierarchical: events of descendants count too.
    /// </summary>
    /// <exception cref="ParseException">A malformed line, or no max line (an empty or truncated file).</exception>
    public static ContainerMemoryEvents ParseV2(ReadOnlySpan<byte> text)
    {
        long max = -1, high = -1, oom = -1, oomKill = -1;
        var lines = new FlatKeyedScanner(text, "memory.events");
        while (lines.TryRead(out var name, out var value))
        {
            if (name.SequenceEqual("max"u8)) { max = value; }
            else if (name.SequenceEqual("high"u8)) { high = value; }
            else if (name.SequenceEqual("oom"u8)) { oom = value; }
            else if (name.SequenceEqual("oom_kill"u8)) { oomKill = value; }
        }

        if (max < 0)
        {
            throw new ParseException("memory.events: max missing (empty or truncated file)");
        }

        return new ContainerMemoryEvents(max, high, oom, oomKill);
    }

    /// <summary>
    /// v1 memory.oom_control (cgroup-v1/memory.rst): oom_kill_disable, under_oom and oom_kill (Linux 4.13+; -1
    /// before). v1 has no high or oom counters (-1); memory.failcnt, the times usage hit the limit, stands for max.
    /// </summary>
    /// <param name="failCount">memory.failcnt, or -1 when it could not be read.</param>
    /// <exception cref="ParseException">A malformed line, or no oom_kill_disable line (an empty or truncated file).</exception>
    public static ContainerMemoryEvents ParseV1(ReadOnlySpan<byte> oomControl, long failCount)
    {
        long oomKill = -1;
        var sawDisable = false;
        var lines = new FlatKeyedScanner(oomControl, "memory.oom_control");
        while (lines.TryRead(out var name, out var value))
        {
            if (name.SequenceEqual("oom_kill"u8)) { oomKill = value; }
            else if (name.SequenceEqual("oom_kill_disable"u8)) { sawDisable = true; }
        }

        if (!sawDisable)
        {
            throw new ParseException("memory.oom_control: oom_kill_disable missing (empty or truncated file)");
        }

        return new ContainerMemoryEvents(failCount, -1, -1, oomKill);
    }
}
