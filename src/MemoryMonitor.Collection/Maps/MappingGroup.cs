namespace MemoryMonitor.Collection.Maps;

/// <summary>
/// The summed smaps figures (bytes) of the mappings of one process that are the same thing: one file, the heap,
/// the anonymous mappings, the thread stacks.
/// </summary>
public sealed class MappingGroup(MappingKind kind, string name)
{
    public MappingKind Kind { get; } = kind;

    /// <summary>The file's path, or the kernel's bracketed name ([heap], [anon:NAME], [vdso]), or a label for the kind.</summary>
    public string Name { get; } = name;

    public int Mappings { get; internal set; }

    /// <summary>Virtual size of the mappings.</summary>
    public long SizeBytes { get; internal set; }

    public long ResidentBytes { get; internal set; }

    /// <summary>Proportional set size: resident pages divided by how many processes map each.</summary>
    public long ProportionalBytes { get; internal set; }

    public long SwapBytes { get; internal set; }

    /// <summary>Shared_Dirty + Private_Dirty: modified pages, which cannot be dropped without writing them somewhere.</summary>
    public long DirtyBytes { get; internal set; }

    /// <summary>Private_Clean + Private_Dirty: resident pages no other process maps, freed when this one exits.</summary>
    public long PrivateBytes { get; internal set; }
}
