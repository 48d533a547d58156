using System.Globalization;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Sweeps;

namespace MemoryMonitor.Analysis.Tests.Health;

/// <summary>
/// A node's /proc and /sys written to a temp folder, read back through the real readers, so the health
/// score and suggestions are tested on the same snapshots the agent builds.
/// </summary>
internal sealed class NodeTree : IDisposable
{
    private const string ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly string _root = Directory.CreateTempSubdirectory("memmon-node-").FullName;
    private readonly MemoryCollector _collector;
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch.AddYears(56);
    private TimeSpan _monotonic = TimeSpan.FromHours(1);

    public NodeTree(int fragmentationOrder = 9)
    {
        Write("proc/stat", "cpu  1 2 3 4\nbtime 1764000000\n");
        Write("proc/pressure/memory", PressureText(0, 0));
        Write("proc/buddyinfo", "Node 0, zone   Normal   100 100 100 100 100 100 100 100 100 100 100\n");
        Meminfo(totalKb: 16_000_000, availableKb: 12_000_000);
        Vmstat(swapIn: 0, swapOut: 0, oomKills: 0);
        var time = new ManualTime(() => _now, () => _monotonic);
        var settings = new CollectionSettings { ProcRoot = ProcRoot, SysRoot = Path.Combine(_root, "sys"), SmapsInterval = TimeSpan.Zero, FragmentationOrder = fragmentationOrder, KernelLog = Path.Combine(_root, "kmsg") };
        _collector = new MemoryCollector(settings, time, new ReadErrorCounters());
    }

    public string ProcRoot => Path.Combine(_root, "proc");

    public void Meminfo(long totalKb, long availableKb, long cachedKb = 1_000_000, long shmemKb = 1000, long swapTotalKb = 0, long swapFreeKb = 0) =>
        Write("proc/meminfo", Invariant($"MemTotal: {totalKb} kB\nMemFree: {availableKb / 2} kB\nMemAvailable: {availableKb} kB\nBuffers: 1000 kB\nCached: {cachedKb} kB\nShmem: {shmemKb} kB\nSwapTotal: {swapTotalKb} kB\nSwapFree: {swapFreeKb} kB\n"));

    public void Vmstat(long swapIn, long swapOut, long oomKills) =>
        Write("proc/vmstat", Invariant($"pswpin {swapIn}\npswpout {swapOut}\npgfault 1000\npgmajfault 10\noom_kill {oomKills}\n"));

    public void Pressure(double someAvg60, double fullAvg60) => Write("proc/pressure/memory", PressureText(someAvg60, fullAvg60));

    public void Buddyinfo(string zoneLine) => Write("proc/buddyinfo", zoneLine + "\n");

    /// <summary>A process with the given resident size, in a cgroup v2 container when limits are given.</summary>
    public void Process(int pid, string comm, long residentKb, long? containerUsage = null, long? containerLimit = null)
    {
        Write($"proc/{pid}/stat", Invariant($"{pid} ({comm}) S 1 1 1 0 -1 4194304 100 0 0 0 0 0 0 0 20 0 1 0 500 100000000 {residentKb / 4}"));
        Write($"proc/{pid}/status", Invariant($"Name:\t{comm}\nUid:\t0\t0\t0\t0\nVmSize:\t100000 kB\nVmRSS:\t{residentKb} kB\nVmSwap:\t0 kB\nThreads:\t1\n"));
        if (containerUsage is { } usage)
        {
            var scope = $"kubepods.slice/cri-containerd-{ContainerId}.scope";
            Write($"proc/{pid}/cgroup", $"0::/{scope}\n");
            Write($"sys/fs/cgroup/{scope}/memory.current", Invariant($"{usage}\n"));
            Write($"sys/fs/cgroup/{scope}/memory.max", containerLimit is { } limit ? Invariant($"{limit}\n") : "max\n");
        }
    }

    /// <summary>Reads the tree as the agent would, the given seconds after the previous reading.</summary>
    public Sweep Read(double secondsLater = 15)
    {
        _now = _now.AddSeconds(secondsLater);
        _monotonic += TimeSpan.FromSeconds(secondsLater);
        return _collector.Collect();
    }

    /// <summary>Steps the wall clock only, as NTP does; the monotonic clock goes on.</summary>
    public void StepWallClock(TimeSpan by) => _now += by;

    public void Dispose()
    {
        _collector.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private static string PressureText(double some, double full) =>
        Invariant($"some avg10={some:0.00} avg60={some:0.00} avg300={some:0.00} total=1000\nfull avg10={full:0.00} avg60={full:0.00} avg300={full:0.00} total=100\n");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private sealed class ManualTime(Func<DateTimeOffset> now, Func<TimeSpan> monotonic) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now();

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => monotonic().Ticks;
    }
}
