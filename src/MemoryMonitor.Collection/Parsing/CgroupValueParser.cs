namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Parses single-number cgroup files (v2 memory.current, memory.max, memory.high, memory.swap.current, memory.swap.max;
/// v1 memory.usage_in_bytes, memory.limit_in_bytes, memory.failcnt).
/// </summary>
internal static class CgroupValueParser
{
    /// <summary>
    /// v1 reports "no limit" as PAGE_COUNTER_MAX rounded to pages (9223372036854771712 on 4 KiB pages);
    /// anything at or above 2^62 is treated as unlimited.
    /// </summary>
    private const long V1UnlimitedThreshold = 1L << 62;

    /// <summary>Returns the value, or null for an unlimited limit ("max" in v2, a huge value in v1).</summary>
    public static long? ParseLimit(ReadOnlySpan<byte> text)
    {
        var trimmed = text.Trim("\n "u8);
        if (trimmed.SequenceEqual("max"u8))
        {
            return null;
        }

        return LimitOf(ParseValue(trimmed));
    }

    /// <summary>A v1 limit in bytes as a limit: null when it is v1's "no limit" (also hierarchical_memory_limit of memory.stat).</summary>
    public static long? LimitOf(long bytes) => bytes >= V1UnlimitedThreshold ? null : bytes;

    public static long ParseValue(ReadOnlySpan<byte> text)
    {
        if (!ProcTextScanner.TryParseLong(text.Trim("\n "u8), out var value) || value < 0)
        {
            throw new ParseException("cgroup value: expected a non-negative integer");
        }

        return value;
    }
}
