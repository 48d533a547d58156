using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Collection.Tests.Sweeping;

/// <summary>
/// The collectors over a procfs from another kernel and host: no PSI, no smaps_rollup, no RssAnon,
/// a Kubernetes pod on cgroup v2, a kernel thread and a garbled process beside it.
/// </summary>
public sealed class OlderKernelAndContainerTests : IDisposable
{
    private const string ContainerScope =
        "fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1c7a9e_2b4d_4c1e_9a0f_3d5e7b9c1a2f.slice/cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope";

    private readonly FixtureProcTree _tree = new FixtureProcTree()
        .ProcText("stat", "cpu  1 2 3 4\nbtime 1764000000\n")
        .Proc("meminfo", "handwritten/meminfo-linux-3.13")
        .Proc("vmstat", "handwritten/vmstat-linux-4.12")
        .Proc("buddyinfo", "real/buddyinfo")
        .Proc("2000/stat", "real/self-stat")
        .Proc("2000/status", "handwritten/status-linux-4.4")
        .Proc("2000/cgroup", "handwritten/cgroup-v2-kubepods-systemd")
        .Proc("2/stat", "real/kthread-stat")
        .Proc("2/status", "real/kthread-status")
        .ProcText("3000/stat", "3000 (broken) R 1 garbage\n")
        .Sys(ContainerScope + "/memory.current", "handwritten/cgroup-v2-memory.current")
        .Sys(ContainerScope + "/memory.max", "handwritten/cgroup-v2-memory.max");

    private readonly ReadErrorCounters _errors = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Processes_are_read_without_smaps_rollup_or_the_resident_split()
    {
        var sweeper = new ProcessSweeper(Settings(), TimeProvider.System, _errors);

        sweeper.Sweep();

        var process = Assert.Single(sweeper.Processes);
        Assert.Equal((2000, "sh"), (process.Pid, process.Comm));
        Assert.Equal(6100 * 1024, process.ResidentBytes);
        Assert.Equal(512 * 1024, process.SwapBytes);
        Assert.Equal(-1, process.ResidentAnonBytes);
        Assert.Equal(-1, process.ProportionalBytes);
        Assert.False(sweeper.SmapsAvailable);
        Assert.Equal(0, sweeper.SmapsReads);
        Assert.Equal(0, _errors.Get(CollectedFile.SmapsRollup, ReadFailure.Vanished));
    }

    [Fact]
    public void The_pod_container_and_its_cgroup_v2_usage_and_limit_are_attributed()
    {
        var sweeper = new ProcessSweeper(Settings(), TimeProvider.System, _errors);

        sweeper.Sweep();

        var container = Assert.Single(sweeper.Processes).Container!;
        Assert.Equal("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", container.Identity.ContainerId);
        Assert.Equal("6f1c7a9e-2b4d-4c1e-9a0f-3d5e7b9c1a2f", container.Identity.PodUid);
        Assert.Equal(123456789, container.UsageBytes);
        Assert.Equal(536870912, container.LimitBytes);
    }

    [Fact]
    public void A_garbled_process_is_counted_as_malformed_and_the_sweep_goes_on()
    {
        var sweeper = new ProcessSweeper(Settings(), TimeProvider.System, _errors);

        sweeper.Sweep();
        sweeper.Sweep();

        Assert.Equal(2, _errors.Get(CollectedFile.Stat, ReadFailure.Malformed));
        Assert.Single(sweeper.Processes);
    }

    [Fact]
    public void Without_PSI_no_pressure_is_reported_and_no_error_counted()
    {
        var reader = new SystemMemoryReader(new CollectionSettings { ProcRoot = _tree.ProcRoot }, TimeProvider.System, _errors);

        var snapshot = reader.Read();

        Assert.Null(snapshot.Pressure);
        Assert.False(reader.PressureAvailable);
        Assert.Equal(0, _errors.Get(CollectedFile.Pressure, ReadFailure.Vanished) + _errors.Get(CollectedFile.Pressure, ReadFailure.IoError));
        Assert.Equal(-1, snapshot.Meminfo!.Get("MemAvailable"));
        Assert.Equal(-1, snapshot.Vmstat!.Value.OomKills);
        Assert.Equal(3, snapshot.Zones.Count);
    }

    [Fact]
    public void A_truncated_meminfo_is_counted_and_the_other_files_still_read()
    {
        _tree.ProcText("meminfo", "");
        var reader = new SystemMemoryReader(new CollectionSettings { ProcRoot = _tree.ProcRoot }, TimeProvider.System, _errors);

        var snapshot = reader.Read();

        Assert.Null(snapshot.Meminfo);
        Assert.Equal(1, _errors.Get(CollectedFile.Meminfo, ReadFailure.Malformed));
        Assert.NotNull(snapshot.Vmstat);
    }

    [Fact]
    public void A_node_file_this_kernel_lacks_is_counted_as_missing_not_as_a_vanished_process()
    {
        File.Delete(Path.Combine(_tree.ProcRoot, "buddyinfo"));
        var reader = new SystemMemoryReader(new CollectionSettings { ProcRoot = _tree.ProcRoot }, TimeProvider.System, _errors);

        var snapshot = reader.Read();

        Assert.Empty(snapshot.Zones);
        Assert.Equal(1, _errors.Get(CollectedFile.Buddyinfo, ReadFailure.Missing));
        Assert.Equal(0, _errors.Get(CollectedFile.Buddyinfo, ReadFailure.Vanished));
    }

    [Fact]
    public void The_monitor_figures_before_linux_3_14_use_the_available_estimate()
    {
        // meminfo-linux-3.13 has no MemAvailable: used memory must come from free + buffers + cached, not from -1.
        var snapshot = new SystemMemoryReader(new CollectionSettings { ProcRoot = _tree.ProcRoot }, TimeProvider.System, _errors).Read();
        var m = snapshot.Meminfo!;

        Assert.Equal(m.Get("MemFree") + m.Get("Buffers") + m.Get("Cached"), snapshot.AvailableBytes);
        Assert.Equal(m.Get("MemTotal") - snapshot.AvailableBytes, snapshot.UsedBytes);
    }

    [Fact]
    public void A_pod_container_is_named_from_the_kubelet_log_tree()
    {
        var log = Path.Combine(_tree.Root, "log");
        var pod = Directory.CreateDirectory(Path.Combine(log, "pods", "shop_cart-6b7c9d-q8w2e_6f1c7a9e-2b4d-4c1e-9a0f-3d5e7b9c1a2f", "cart"));
        Directory.CreateDirectory(Path.Combine(log, "containers"));
        File.CreateSymbolicLink(
            Path.Combine(log, "containers", "cart-6b7c9d-q8w2e_shop_cart-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.log"),
            Path.Combine(pod.FullName, "0.log"));
        var sweeper = new ProcessSweeper(Settings() with { KubeletLogRoot = log }, TimeProvider.System, _errors);

        sweeper.Sweep();

        var container = Assert.Single(sweeper.Containers);
        Assert.Equal(new KubernetesNames("shop", "cart-6b7c9d-q8w2e", "cart"), container.Names);
    }

    private CollectionSettings Settings() => new() { ProcRoot = _tree.ProcRoot, SysRoot = _tree.SysRoot, SmapsInterval = TimeSpan.FromTicks(1) };
}
