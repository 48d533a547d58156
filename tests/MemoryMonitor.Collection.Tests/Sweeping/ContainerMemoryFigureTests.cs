using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Collection.Tests.Sweeping;

/// <summary>
/// Every memory figure of a container, read by the sweep from cgroupfs laid out as a Kubernetes pod on cgroup v2
/// (systemd driver) and a Docker container on cgroup v1 would have it.
/// </summary>
public sealed class ContainerMemoryFigureTests : IDisposable
{
    private const string ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Kubepods = "fs/cgroup/kubepods.slice";
    private const string Burstable = Kubepods + "/kubepods-burstable.slice";
    private const string Pod = Burstable + "/kubepods-burstable-pod6f1c7a9e_2b4d_4c1e_9a0f_3d5e7b9c1a2f.slice";
    private const string PodContainer = Pod + "/cri-containerd-" + ContainerId + ".scope";
    private const string DockerContainer = "fs/cgroup/memory/docker/" + ContainerId;

    private readonly ReadErrorCounters _errors = new();
    private readonly FixtureProcTree _pod = WithProcess("handwritten/cgroup-v2-kubepods-systemd")
        .SysText(Kubepods + "/memory.max", "8589934592\n")
        // kubepods-burstable.slice has no memory.max file here: a level without one must not stop the walk.
        .SysText(Pod + "/memory.max", "268435456\n")
        .Sys(PodContainer + "/memory.current", "handwritten/cgroup-v2-memory.current")
        .Sys(PodContainer + "/memory.max", "handwritten/cgroup-v2-memory.max")
        .SysText(PodContainer + "/memory.high", "402653184\n")
        .Sys(PodContainer + "/memory.stat", "handwritten/cgroup-v2-memory.stat")
        .Sys(PodContainer + "/memory.events", "handwritten/cgroup-v2-memory.events")
        .SysText(PodContainer + "/memory.swap.current", "1048576\n")
        .SysText(PodContainer + "/memory.swap.max", "4194304\n")
        .Sys(PodContainer + "/memory.pressure", "handwritten/cgroup-v2-memory.pressure");

    private readonly FixtureProcTree _docker = WithProcess("handwritten/cgroup-v1-docker")
        .Sys(DockerContainer + "/memory.usage_in_bytes", "real/cgroup-v1-memory.usage_in_bytes")
        .Sys(DockerContainer + "/memory.limit_in_bytes", "real/cgroup-v1-memory.limit_in_bytes")
        // The container sets no limit of its own; the docker parent's 1 GiB binds it through the hierarchy.
        .SysText(DockerContainer + "/memory.stat", File.ReadAllText(Fixture.PathOf("real/cgroup-v1-memory.stat"))
            .Replace("hierarchical_memory_limit 9223372036854771712", "hierarchical_memory_limit 1073741824", StringComparison.Ordinal))
        .SysText(DockerContainer + "/memory.failcnt", "3\n")
        .Sys(DockerContainer + "/memory.oom_control", "real/cgroup-v1-memory.oom_control");

    public void Dispose()
    {
        _pod.Dispose();
        _docker.Dispose();
    }

    [Fact]
    public void A_pod_container_reads_every_v2_figure_and_the_pods_smaller_limit_binds()
    {
        var container = SweptContainer(_pod);

        Assert.Equal(536870912, container.LimitBytes);
        Assert.Equal(268435456, container.EffectiveLimitBytes);
        Assert.Equal(402653184, container.HighBytes);
        Assert.Equal(CgroupMemoryStatParser.ParseV2(Fixture.Bytes("handwritten/cgroup-v2-memory.stat")), container.Stat);
        Assert.Equal(new ContainerMemoryEvents(Max: 345, High: 12, Oom: 3, OomKill: 2), container.Events);
        Assert.Equal(1048576, container.SwapBytes);
        Assert.Equal(4194304 - 1048576, container.SwapRoomBytes);
        Assert.Equal(1234567, container.Pressure!.Value.SomeTotalMicroseconds);

        // usage 123456789 less inactive_file 31457280; anon beyond the swap room + shmem + unreclaimable slab
        // (unevictable 2 MiB is less than anon + shmem, so no locked file pages are counted on top).
        Assert.Equal(123456789 - 31457280, container.WorkingSetBytes);
        Assert.Equal(104857600 - 3145728 + 4194304 + 1048576, container.UnreclaimableBytes);
        Assert.Equal(0, CgroupMemoryErrors());
    }

    [Fact]
    public void A_limit_lower_in_the_container_than_in_the_pod_is_the_one_that_binds()
    {
        _pod.SysText(Pod + "/memory.max", "max\n").SysText(Kubepods + "/memory.max", "max\n");

        var container = SweptContainer(_pod);

        Assert.Equal(536870912, container.EffectiveLimitBytes);
    }

    [Fact]
    public void Swap_room_is_none_when_swap_max_sets_no_limit_of_the_cgroups_own()
    {
        _pod.SysText(PodContainer + "/memory.swap.max", "max\n");

        var container = SweptContainer(_pod);

        Assert.Equal(1048576, container.SwapBytes);
        Assert.Equal(0, container.SwapRoomBytes);
        Assert.Equal(104857600 + 4194304 + 1048576, container.UnreclaimableBytes);
    }

    [Fact]
    public void Without_swap_accounting_or_PSI_nothing_is_counted_and_the_files_are_not_tried_again()
    {
        _pod.Delete("sys/" + PodContainer + "/memory.swap.current").Delete("sys/" + PodContainer + "/memory.swap.max")
            .Delete("sys/" + PodContainer + "/memory.pressure");
        var sweeper = new ProcessSweeper(Settings(_pod), TimeProvider.System, _errors);

        sweeper.Sweep();
        sweeper.Sweep();

        var container = Assert.Single(sweeper.Containers);
        Assert.Equal((-1L, 0L, (PressureStall?)null), (container.SwapBytes, container.SwapRoomBytes, container.Pressure));
        Assert.True(container.Files.SwapCurrent!.Absent && container.Files.Pressure!.Absent);
        Assert.Equal(0, CgroupMemoryErrors());
        Assert.NotEqual(-1, container.Stat.AnonBytes);
    }

    [Fact]
    public void A_memory_stat_missing_while_the_cgroup_exists_is_counted_every_sweep()
    {
        _pod.Delete("sys/" + PodContainer + "/memory.stat");
        var sweeper = new ProcessSweeper(Settings(_pod), TimeProvider.System, _errors);

        sweeper.Sweep();
        sweeper.Sweep();

        var container = Assert.Single(sweeper.Containers);
        Assert.Equal(ContainerMemoryStat.Unknown, container.Stat);
        Assert.Equal(-1, container.UnreclaimableBytes);
        Assert.Equal(2, _errors.Get(CollectedFile.CgroupMemory, ReadFailure.Missing));
        Assert.Equal(345, container.Events.Max);
    }

    [Fact]
    public void A_malformed_file_leaves_that_figure_unknown_and_the_others_read()
    {
        _pod.SysText(PodContainer + "/memory.events", "low 0\nhigh lots\nmax 1\n");

        var container = SweptContainer(_pod);

        Assert.Equal(ContainerMemoryEvents.Unknown, container.Events);
        Assert.Equal(1, _errors.Get(CollectedFile.CgroupMemory, ReadFailure.Malformed));
        Assert.Equal(104857600, container.Stat.AnonBytes);
        Assert.NotNull(container.Pressure);
    }

    [Fact]
    public void A_docker_container_on_v1_reads_the_totals_failcnt_and_the_hierarchical_limit()
    {
        var container = SweptContainer(_docker);

        Assert.Equal(649342976, container.UsageBytes);
        Assert.Null(container.LimitBytes);
        Assert.Equal(1073741824, container.EffectiveLimitBytes);
        Assert.Null(container.HighBytes);
        Assert.Null(container.Pressure);
        Assert.Equal(new ContainerMemoryEvents(Max: 3, High: -1, Oom: -1, OomKill: 0), container.Events);
        Assert.Equal((0L, 0L), (container.SwapBytes, container.SwapRoomBytes));
        Assert.Equal(282202112, container.Stat.AnonBytes);
        Assert.Equal(649342976 - 366198784, container.WorkingSetBytes);
        Assert.Equal(282202112 + 96538624, container.UnreclaimableBytes);
        Assert.Equal(0, CgroupMemoryErrors());
    }

    private static FixtureProcTree WithProcess(string cgroupFixture) => new FixtureProcTree()
        .ProcText("stat", "cpu  1 2 3 4\nbtime 1764000000\n")
        .Proc("2000/stat", "real/self-stat")
        .Proc("2000/status", "real/self-status")
        .Proc("2000/cgroup", cgroupFixture);

    private static CollectionSettings Settings(FixtureProcTree tree) => new() { ProcRoot = tree.ProcRoot, SysRoot = tree.SysRoot };

    private ContainerCgroup SweptContainer(FixtureProcTree tree)
    {
        var sweeper = new ProcessSweeper(Settings(tree), TimeProvider.System, _errors);
        sweeper.Sweep();
        var container = Assert.Single(sweeper.Containers);
        Assert.Equal(ContainerId, container.Identity.ContainerId);
        Assert.Same(container, Assert.Single(sweeper.Processes).Container);
        return container;
    }

    private long CgroupMemoryErrors() => Enum.GetValues<ReadFailure>().Sum(reason => _errors.Get(CollectedFile.CgroupMemory, reason));
}
