using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>The identity of a folded group: processes with the same comm in the same container (and its names, which may arrive late).</summary>
internal readonly record struct ProcessGroupKey(string Comm, string ContainerId, string PodUid, KubernetesNames Names)
{
    /// <summary>The group's container labels, in <see cref="ProcessFamilyTable.ContainerLabels"/> order.</summary>
    public string[] ContainerLabelValues => [ContainerId, PodUid, Names.Namespace, Names.Pod, Names.Container];
}
