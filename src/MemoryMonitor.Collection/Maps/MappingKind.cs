namespace MemoryMonitor.Collection.Maps;

/// <summary>What a group of mappings of a process is, from its smaps header (path and permissions).</summary>
public enum MappingKind
{
    /// <summary>[heap]: the brk heap, where malloc's main arena puts small allocations.</summary>
    Heap,

    /// <summary>Private anonymous mappings: large mallocs, other arenas, runtimes' heaps (a named [anon:NAME] is its own group).</summary>
    Anonymous,

    /// <summary>[stack], the main thread's.</summary>
    Stack,

    /// <summary>
    /// Anonymous mappings right above an inaccessible guard mapping: how glibc and most runtimes lay out thread stacks.
    /// A heuristic (the kernel does not mark them since 4.5), so this group may hold a stray guarded buffer.
    /// </summary>
    ThreadStacks,

    /// <summary>A mapped file: executables, libraries, data files; one group per path.</summary>
    File,

    /// <summary>Shared memory: /dev/shm and tmpfs-like POSIX shm, SysV segments, memfd, shared anonymous mappings.</summary>
    SharedMemory,

    /// <summary>[vdso], [vvar], [vsyscall] and other kernel-provided mappings.</summary>
    Kernel,
}
