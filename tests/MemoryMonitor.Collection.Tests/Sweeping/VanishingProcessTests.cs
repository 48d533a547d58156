using System.Diagnostics;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Collection.Tests.Sweeping;

/// <summary>
/// A process can exit between the directory listing and any of its reads. The sweep counts what vanished,
/// keeps what it read, and goes on with every other process.
/// </summary>
public sealed class VanishingProcessTests : IDisposable
{
    private readonly FixtureProcTree _tree = new FixtureProcTree()
        .ProcText("stat", "cpu  1 2 3 4\nbtime 1764000000\n")
        .Proc("meminfo", "real/meminfo")
        .Proc("2000/stat", "real/self-stat")
        .Proc("2000/status", "real/self-status");

    private readonly ReadErrorCounters _errors = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_process_gone_before_its_stat_is_counted_as_vanished_and_not_reported()
    {
        Directory.CreateDirectory(Path.Combine(_tree.ProcRoot, "4000"));
        var sweeper = Sweeper();

        sweeper.Sweep();

        Assert.Equal(1, _errors.Get(CollectedFile.Stat, ReadFailure.Vanished));
        Assert.Equal(2000, Assert.Single(sweeper.Processes).Pid);
    }

    [Fact]
    public void A_process_gone_between_stat_and_status_keeps_what_stat_told_and_the_sweep_goes_on()
    {
        _tree.Proc("4000/stat", "real/self-stat");
        var sweeper = Sweeper();

        sweeper.Sweep();

        Assert.Equal(1, _errors.Get(CollectedFile.Status, ReadFailure.Vanished));
        var gone = Assert.Single(sweeper.Processes, p => p.Pid == 4000);
        Assert.True(gone.VirtualBytes > 0);
        Assert.True(Assert.Single(sweeper.Processes, p => p.Pid == 2000).ResidentBytes > 0);
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void A_real_child_that_exits_between_sweeps_leaves_the_next_sweep()
    {
        var sweeper = new ProcessSweeper(new CollectionSettings { SmapsInterval = TimeSpan.Zero }, TimeProvider.System, _errors);
        using var child = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        sweeper.Sweep();
        Assert.Contains(sweeper.Processes, p => p.Pid == child.Id);

        child.Kill();
        child.WaitForExit();
        sweeper.Sweep();

        Assert.DoesNotContain(sweeper.Processes, p => p.Pid == child.Id);
        Assert.Contains(sweeper.Processes, p => p.Pid == Environment.ProcessId);
    }

    private ProcessSweeper Sweeper() =>
        new(new CollectionSettings { ProcRoot = _tree.ProcRoot, SysRoot = _tree.SysRoot, SmapsInterval = TimeSpan.Zero }, TimeProvider.System, _errors);
}
