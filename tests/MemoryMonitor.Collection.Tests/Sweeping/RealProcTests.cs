using MemoryMonitor.Collection;
using System.Diagnostics;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Collection.Tests.Sweeping;

/// <summary>The collectors on this machine's real /proc.</summary>
[Trait("Category", "Integration")]
public sealed class RealProcTests
{
    [Fact]
    public void The_test_process_itself_is_seen_with_its_memory()
    {
        var errors = new ReadErrorCounters();
        var sweeper = new ProcessSweeper(new CollectionSettings { SmapsInterval = TimeSpan.FromTicks(1) }, TimeProvider.System, errors);

        sweeper.Sweep();

        var self = sweeper.Processes.Single(p => p.Pid == Environment.ProcessId);
        using var process = Process.GetCurrentProcess();
        Assert.Equal(process.ProcessName[..Math.Min(15, process.ProcessName.Length)], self.Comm);
        // VmHWM can lag VmRSS on kernels with per-CPU RSS counters (6.2+), so bound by a sane range, not the peak.
        Assert.InRange(self.ResidentBytes, 8L << 20, 8L << 30);
        Assert.InRange(self.ProportionalBytes, 1, self.ResidentBytes);
        Assert.InRange(self.UniqueBytes, 1, self.ResidentBytes);
        Assert.True(self.Threads > 1);
        Assert.Equal(Environment.ProcessPath, self.Executable);
        Assert.DoesNotContain(sweeper.Processes, p => p.Pid == 2);
    }

    [Fact]
    public void System_memory_is_read_whole()
    {
        var reader = new SystemMemoryReader(new CollectionSettings { ProcRoot = "/proc" }, TimeProvider.System, new ReadErrorCounters());

        var snapshot = reader.Read();

        Assert.Equal(File.ReadAllLines("/proc/meminfo").Length, snapshot.Meminfo!.Fields.Count);
        Assert.True(snapshot.Vmstat!.Value.PageFaults > 0);
        Assert.NotEmpty(snapshot.Zones);
    }
}
