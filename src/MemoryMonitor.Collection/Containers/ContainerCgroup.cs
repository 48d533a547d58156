using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Containers;

/// <summary>A container's memory cgroup: who it is and its latest usage and limit (bytes; limit null = unlimited).</summary>
public sealed class ContainerCgroup
{
    internal ContainerCgroup(ContainerIdentity identity, string usagePath, string limitPath)
    {
        Identity = identity;
        UsagePath = usagePath;
        LimitPath = limitPath;
    }

    public ContainerIdentity Identity { get; }

    public long UsageBytes { get; internal set; } = -1;

    public long? LimitBytes { get; internal set; }

    internal string UsagePath { get; }

    internal string LimitPath { get; }

    internal long LastSweep { get; set; }
}
