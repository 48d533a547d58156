namespace MemoryMonitor.Collection.Parsing;

/// <summary>A container runtime's id for a cgroup and, under Kubernetes, the pod's UID (empty when unknown).</summary>
public sealed record ContainerIdentity(string ContainerId, string PodUid)
{
    /// <summary>No container: a limited cgroup that is not one (a systemd unit with MemoryMax=).</summary>
    public static ContainerIdentity None { get; } = new(string.Empty, string.Empty);
}
