namespace MemoryMonitor.Collection.Parsing;

/// <summary>Parses single-number cgroup files (memory.current, memory.max, memory.usage_in_bytes, memory.limit_in_bytes).</summary>
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

        var value = ParseValue(trimmed);
        return value >= V1UnlimitedThreshold ? null : value;
    }

    public static long ParseValue(ReadOnlySpan<byte> text)
    {
        if (!ProcTextScanner.TryParseLong(text.Trim("\n "u8), out var value) || value < 0)
        {
            throw new ParseException("cgroup value: expected a non-negative integer");
        }

        return value;
    }
}
