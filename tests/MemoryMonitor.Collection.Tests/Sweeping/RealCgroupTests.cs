using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;

using MemoryMonitor.Collection.Tests.Children;

namespace MemoryMonitor.Collection.Tests.Sweeping;

/// <summary>
/// A Docker-like cgroup v1 memory cgroup made on this machine (root; /work/shared/ENVIRONMENT.md), a real child
/// charged to it, and the sweep over the real /proc and /sys.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RealCgroupTests
{
    private const string MemoryRoot = "/sys/fs/cgroup/memory";
    private const long Limit = 64L << 20;
    private const long Touched = 20L << 20;

    [Fact]
    public async Task A_v1_docker_container_shows_its_anon_memory_limit_and_events()
    {
        Assert.True(File.Exists(Path.Combine(MemoryRoot, "memory.limit_in_bytes")), $"no cgroup v1 memory controller at {MemoryRoot}");
        var id = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var parent = Path.Combine(MemoryRoot, "docker");
        var cgroup = Path.Combine(parent, id);
        var madeParent = !Directory.Exists(parent);
        Process? child = null;
        try
        {
            Directory.CreateDirectory(cgroup);
            File.WriteAllText(Path.Combine(cgroup, "memory.limit_in_bytes"), Limit.ToString(CultureInfo.InvariantCulture));
            child = await StartInCgroupAsync(Path.Combine(cgroup, "cgroup.procs"), Touched);

            var container = await SweptUntilChargedAsync(id);

            // v1 total_rss: the touched block, plus the little the C runtime's own heap and stack hold.
            Assert.InRange(container.Stat.AnonBytes, Touched, Touched + (2L << 20));
            Assert.Equal(Limit, container.LimitBytes);
            Assert.Equal(Limit, container.EffectiveLimitBytes);
            Assert.InRange(container.WorkingSetBytes, Touched, Limit);
            Assert.True(container.Events.Max >= 0, $"failcnt {container.Events.Max}");
            Assert.Equal(0, container.Events.OomKill);
            // No swap room on v1: every anonymous byte counts as unreclaimable.
            Assert.InRange(container.UnreclaimableBytes, Touched, Limit);
        }
        finally
        {
            if (child is not null)
            {
                child.Kill();
                await child.WaitForExitAsync();
                child.Dispose();
            }

            ChildProcesses.RemoveCgroup(cgroup);
            if (madeParent)
            {
                try
                {
                    Directory.Delete(parent);
                }
                catch (IOException)
                {
                    // Another test made a container in it meanwhile; an empty "docker" cgroup costs nothing.
                }
            }
        }
    }

    [Fact]
    public async Task A_process_in_a_systemd_unit_with_MemoryMax_is_bound_by_that_limit_without_being_a_container()
    {
        // What systemd does for MemoryMax= on v1: the unit's own memory cgroup with memory.limit_in_bytes.
        var unit = Path.Combine(MemoryRoot, "system.slice", $"memmon-test-{Environment.ProcessId}.service");
        Process? child = null;
        try
        {
            Directory.CreateDirectory(unit);
            File.WriteAllText(Path.Combine(unit, "memory.limit_in_bytes"), Limit.ToString(CultureInfo.InvariantCulture));
            child = await StartInCgroupAsync(Path.Combine(unit, "cgroup.procs"), Touched);

            var sweeper = new ProcessSweeper(new CollectionSettings(), TimeProvider.System, new ReadErrorCounters());
            sweeper.Sweep();
            sweeper.Sweep();
            var record = sweeper.Processes.Single(p => p.Pid == child.Id);

            var bound = Assert.IsType<ContainerCgroup>(record.Container);
            Assert.False(bound.IsContainer);
            Assert.Equal("/system.slice/" + Path.GetFileName(unit), bound.UnitPath);
            Assert.Equal(Limit, bound.EffectiveLimitBytes);
            Assert.InRange(bound.UnreclaimableBytes, 0, Limit);
            Assert.DoesNotContain(sweeper.Containers, c => ReferenceEquals(c, bound));
        }
        finally
        {
            if (child is not null)
            {
                child.Kill();
                await child.WaitForExitAsync();
                child.Dispose();
            }

            ChildProcesses.RemoveCgroup(unit);
        }
    }

    /// <summary>Sweeps until the cgroup's memory.stat shows the touched block: v1 memcg statistics are flushed lazily.</summary>
    private static async Task<ContainerCgroup> SweptUntilChargedAsync(string id)
    {
        var sweeper = new ProcessSweeper(new CollectionSettings(), TimeProvider.System, new ReadErrorCounters());
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            sweeper.Sweep();
            var container = sweeper.Containers.SingleOrDefault(c => c.Identity.ContainerId == id);
            if ((container is not null && container.Stat.AnonBytes >= Touched) || deadline.Elapsed > TimeSpan.FromSeconds(10))
            {
                return container ?? throw new InvalidOperationException($"the sweep found no container {id}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// A shell writes its own pid to cgroup.procs and then execs the child, so every page the child touches is charged
    /// to the group (v1 does not move charges made before a process migrates unless move_charge_at_immigrate is set).
    /// </summary>
    private static async Task<Process> StartInCgroupAsync(string procsFile, long bytes)
    {
        var binary = Compile();
        var info = new ProcessStartInfo("/bin/sh", ["-c", "echo $$ > \"$0\" && exec \"$@\"", procsFile, binary, bytes.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start /bin/sh");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line != "ready")
        {
            var errors = process.HasExited ? await process.StandardError.ReadToEndAsync() : string.Empty;
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException($"touch_anon did not start: '{line}' {errors}");
        }

        return process;
    }

    private static string Compile() =>
        ChildProcesses.Compile(
            Path.Combine(AppContext.BaseDirectory, "Children", "touch_anon.c"),
            Path.Combine(Directory.CreateTempSubdirectory("memmon-anon-").FullName, "touch_anon"),
            "-O1");
}
