using MemoryMonitor.Collection.Containers;

namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Parses a memory cgroup's memory.stat, a flat keyed file of byte counts (and event counters we do not need).
/// v2 names come from Documentation/admin-guide/cgroup-v2.rst, v1 names from cgroup-v1/memory.rst, where the
/// total_* fields are the hierarchical ones (the cgroup and its descendants), like every v2 figure. A field a kernel
/// does not print (slab_* on older v2 kernels, total_shmem on older v1 ones, total_swap without swap accounting)
/// stays -1.
/// </summary>
internal static class CgroupMemoryStatParser
{
    // Slots of the values read, in ContainerMemoryStat's order, then v1's swap and hierarchical limit.
    private const int Anon = 0, File = 1, Swap = 9, Limit = 10, Slots = 11;

    /// <summary>v2 names by slot; v2 prints no swap or limit here (memory.swap.current, memory.max do).</summary>
    private static readonly byte[][] V2Names =
    [
        "anon"u8.ToArray(), "file"u8.ToArray(), "active_file"u8.ToArray(), "inactive_file"u8.ToArray(), "shmem"u8.ToArray(),
        "file_mapped"u8.ToArray(), "unevictable"u8.ToArray(), "slab_reclaimable"u8.ToArray(), "slab_unreclaimable"u8.ToArray(), [], [],
    ];

    /// <summary>
    /// v1 names by slot: total_rss is anonymous memory and swap cache, total_cache the page cache including tmpfs/shmem
    /// (as v2's file is). v1 accounts slab in memory.kmem.* only, so its slab slots have no name.
    /// </summary>
    private static readonly byte[][] V1Names =
    [
        "total_rss"u8.ToArray(), "total_cache"u8.ToArray(), "total_active_file"u8.ToArray(), "total_inactive_file"u8.ToArray(),
        "total_shmem"u8.ToArray(), "total_mapped_file"u8.ToArray(), "total_unevictable"u8.ToArray(), [], [],
        "total_swap"u8.ToArray(), "hierarchical_memory_limit"u8.ToArray(),
    ];

    /// <summary>v2 memory.stat: anon, file, active_file, inactive_file, shmem, file_mapped, unevictable, slab_*.</summary>
    /// <exception cref="ParseException">A malformed line, or no anon or file line (an empty or truncated file).</exception>
    public static ContainerMemoryStat ParseV2(ReadOnlySpan<byte> text)
    {
        Span<long> values = stackalloc long[Slots];
        Read(text, V2Names, values);

        // anon and file lead the file on every kernel with cgroup v2 memory (4.5+).
        if (values[Anon] < 0 || values[File] < 0)
        {
            throw new ParseException("memory.stat: anon/file missing (empty or truncated file)");
        }

        return StatOf(values);
    }

    /// <summary>
    /// v1 memory.stat: the total_* split, total_swap (-1 without swap accounting) and hierarchical_memory_limit, the
    /// smallest limit from the cgroup up to the root (null when none is set: v1's huge "no limit" value).
    /// </summary>
    /// <exception cref="ParseException">A malformed line, or no total_rss, total_cache or hierarchical_memory_limit line.</exception>
    public static ContainerMemoryStat ParseV1(ReadOnlySpan<byte> text, out long swapBytes, out long? hierarchicalLimitBytes)
    {
        Span<long> values = stackalloc long[Slots];
        Read(text, V1Names, values);
        if (values[Anon] < 0 || values[File] < 0 || values[Limit] < 0)
        {
            throw new ParseException("memory.stat: total_rss/total_cache/hierarchical_memory_limit missing (empty or truncated file)");
        }

        swapBytes = values[Swap];
        hierarchicalLimitBytes = CgroupValueParser.LimitOf(values[Limit]);
        return StatOf(values);
    }

    private static void Read(ReadOnlySpan<byte> text, byte[][] names, Span<long> values)
    {
        values.Fill(-1);
        var lines = new FlatKeyedScanner(text, "memory.stat");
        while (lines.TryRead(out var name, out var value))
        {
            for (var slot = 0; slot < names.Length; slot++)
            {
                if (name.SequenceEqual(names[slot]))
                {
                    values[slot] = value;
                    break;
                }
            }
        }
    }

    private static ContainerMemoryStat StatOf(ReadOnlySpan<long> v) => new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
}
