namespace MemoryMonitor.Collection.Containers;

/// <summary>
/// One cgroup file of a container, its path built once. An optional file is one a kernel may lack while the cgroup
/// exists (memory.swap.* without swap accounting, memory.pressure without PSI or with cgroup.pressure at 0): found
/// missing once, it is marked absent and not read again, so its absence costs no open and no error every sweep.
/// </summary>
internal sealed class CgroupFile
{
    public CgroupFile(string path, bool optional = false)
    {
        Path = path;
        Optional = optional;
    }

    public string Path { get; }

    public bool Optional { get; }

    /// <summary>True once an optional file was missing; the resolver reads it no more for this container.</summary>
    public bool Absent { get; set; }
}
