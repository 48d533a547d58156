namespace MemoryMonitor.Collection.Containers;

/// <summary>
/// The split of a container cgroup's memory from memory.stat, in bytes; -1 where the kernel does not report a
/// field. v2 names (Documentation/admin-guide/cgroup-v2.rst): anon, file, active_file, inactive_file, shmem,
/// file_mapped, unevictable, slab_reclaimable, slab_unreclaimable. v1 (cgroup-v1/memory.rst) uses the
/// hierarchical total_* fields: total_rss, total_cache, total_active_file, total_inactive_file, total_shmem,
/// total_mapped_file, total_unevictable; v1 has no slab split (-1).
/// </summary>
public readonly record struct ContainerMemoryStat(
    long AnonBytes,
    long FileBytes,
    long ActiveFileBytes,
    long InactiveFileBytes,
    long ShmemBytes,
    long FileMappedBytes,
    long UnevictableBytes,
    long SlabReclaimableBytes,
    long SlabUnreclaimableBytes)
{
    public static ContainerMemoryStat Unknown { get; } = new(-1, -1, -1, -1, -1, -1, -1, -1, -1);
}
