namespace MemoryMonitor.Analysis.Optimisation;

/// <summary>
/// The only system changes the agent will ever make, and only when explicitly asked (`memmon optimize --apply`).
/// Both are one-shot kernel requests that change no setting and lose no data: what they free, the kernel
/// refills as it needs to.
/// </summary>
public enum SafeAction
{
    None,

    /// <summary>Write 1 to /proc/sys/vm/compact_memory: compact free memory so large allocations can succeed.</summary>
    CompactMemory,

    /// <summary>Write 1 to /proc/sys/vm/drop_caches: drop clean page cache only (dirty pages are never dropped).</summary>
    DropCleanPageCache,
}
