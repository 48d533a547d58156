namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// A container's Kubernetes names: stable across the restart an OOM kill causes, unlike its runtime id.
/// Empty strings outside Kubernetes, or for a pod's sandbox ("pause") container, which has no container name.
/// </summary>
public sealed record KubernetesNames(string Namespace, string Pod, string Container)
{
    public static KubernetesNames None { get; } = new(string.Empty, string.Empty, string.Empty);
}
