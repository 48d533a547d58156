using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Containers;

/// <summary>A node's /var/log laid out as the kubelet lays it (no kubelet runs here): pods/ folders and containers/ symlinks.</summary>
public sealed class KubeletLogTreeTests : IDisposable
{
    private const string PodUid = "6f1c7a9e-2b4d-4c1e-9a0f-3d5e7b9c1a2f";
    private static readonly string AppId = new('a', 64);
    private static readonly string SidecarId = new('b', 64);
    private readonly DirectoryInfo _log = Directory.CreateTempSubdirectory("memmon-varlog-");

    public KubeletLogTreeTests()
    {
        Container("payments", "checkout-7d9f8b6c5-x2x4q", PodUid, "api-server", AppId);
        Container("payments", "checkout-7d9f8b6c5-x2x4q", PodUid, "istio-proxy", SidecarId);
    }

    public void Dispose() => _log.Delete(recursive: true);

    [Fact]
    public void A_container_is_named_by_its_id_with_its_pod_and_namespace()
    {
        var tree = new KubeletLogTree(_log.FullName, TimeProvider.System);

        Assert.Equal(new KubernetesNames("payments", "checkout-7d9f8b6c5-x2x4q", "api-server"), tree.NamesOf(new ContainerIdentity(AppId, PodUid)));
        Assert.Equal("istio-proxy", tree.NamesOf(new ContainerIdentity(SidecarId, PodUid)).Container);
    }

    [Fact]
    public void A_container_without_a_log_of_its_own_gets_its_pods_names()
    {
        // The sandbox ("pause") container logs nothing, but its cgroup carries the pod uid.
        var tree = new KubeletLogTree(_log.FullName, TimeProvider.System);

        Assert.Equal(new KubernetesNames("payments", "checkout-7d9f8b6c5-x2x4q", string.Empty), tree.NamesOf(new ContainerIdentity(new string('c', 64), PodUid)));
    }

    [Fact]
    public void Outside_kubernetes_there_are_no_names_and_no_error()
    {
        var tree = new KubeletLogTree(Path.Combine(_log.FullName, "absent"), TimeProvider.System);

        Assert.Same(KubernetesNames.None, tree.NamesOf(new ContainerIdentity(AppId, string.Empty)));
        Assert.Same(KubernetesNames.None, tree.NamesOf(new ContainerIdentity(AppId, PodUid)));
    }

    [Theory]
    [InlineData("kube-system_coredns-5d78c9869d-abcde_0b2c4e1f-1111-2222-3333-444455556666", "kube-system", "coredns-5d78c9869d-abcde")]
    [InlineData("default_web_0b2c4e1f-1111-2222-3333-444455556666", "default", "web")]
    public void Pod_folders_split_into_namespace_pod_and_uid(string folder, string ns, string pod)
    {
        var parsed = KubeletLogNames.FromPodDirectory(folder);

        Assert.Equal(("0b2c4e1f-1111-2222-3333-444455556666", new KubernetesNames(ns, pod, string.Empty)), parsed);
    }

    [Theory]
    [InlineData("web_default_nginx.log")]
    [InlineData("web_default_nginx-0123.log")]
    [InlineData("web_nginx-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.log")]
    [InlineData("not-a-log.txt")]
    public void Other_file_names_are_not_container_logs(string name) => Assert.Null(KubeletLogNames.FromContainerLog(name));

    private void Container(string ns, string pod, string uid, string container, string id)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_log.FullName, "pods", $"{ns}_{pod}_{uid}", container));
        var log = Path.Combine(folder.FullName, "0.log");
        File.WriteAllText(log, string.Empty);
        Directory.CreateDirectory(Path.Combine(_log.FullName, "containers"));
        File.CreateSymbolicLink(Path.Combine(_log.FullName, "containers", $"{pod}_{ns}_{container}-{id}.log"), log);
    }
}
