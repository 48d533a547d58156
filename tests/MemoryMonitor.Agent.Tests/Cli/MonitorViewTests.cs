using MemoryMonitor.Cli.Monitoring;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.SystemMemory;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Agent.Tests.Cli;

public sealed class MonitorViewTests : IDisposable
{
    private readonly DirectoryInfo _proc = Directory.CreateTempSubdirectory("memmon-monitor-proc-");

    public void Dispose() => _proc.Delete(recursive: true);

    [Fact]
    public void Before_linux_3_14_the_summary_shows_used_memory_from_the_available_estimate()
    {
        // No MemAvailable (Linux 3.13): available is free + buffers + cached = 3,000,000 kB, used 5,000,000 kB.
        File.WriteAllText(
            Path.Combine(_proc.FullName, "meminfo"),
            "MemTotal:       8000000 kB\nMemFree:        1000000 kB\nBuffers:         500000 kB\nCached:         1500000 kB\nSwapTotal:            0 kB\nSwapFree:             0 kB\n");
        var snapshot = new SystemMemoryReader(new CollectionSettings { ProcRoot = _proc.FullName }, TimeProvider.System, new ReadErrorCounters()).Read();

        var text = Render(snapshot);

        Assert.Contains($"{ByteSize.Format(5_000_000 * 1024.0)} used of {ByteSize.Format(8_000_000 * 1024.0)} (62.5%)", text, StringComparison.Ordinal);
        Assert.Contains($"{ByteSize.Format(3_000_000 * 1024.0)} available", text, StringComparison.Ordinal);
    }

    [Fact]
    public void At_80_columns_every_line_fits_and_a_long_name_is_cut_with_an_ellipsis()
    {
        File.WriteAllText(Path.Combine(_proc.FullName, "meminfo"), "MemTotal:       8000000 kB\nMemFree:        1000000 kB\nMemAvailable:   3000000 kB\nCached:         1500000 kB\nSwapTotal:      1000000 kB\nSwapFree:        900000 kB\n");
        var snapshot = new SystemMemoryReader(new CollectionSettings { ProcRoot = _proc.FullName }, TimeProvider.System, new ReadErrorCounters()).Read();
        var process = new ProcessRecord(4194303, 1) { Comm = "a-very-long-process-name", User = "someone-long", ResidentBytes = 1023L << 20, ProportionalBytes = 5, SwapBytes = 0 };

        var frame = MonitorView.Render(snapshot, [new JudgedProcess(process, new ProcessJudgement { GrowthBytesPerSecond = 1024 })], new MonitorState(), MonitorLayout.Fit(80, 24, 0, MonitorColumn.Rss));

        Assert.All(frame.Lines, l => Assert.True(l.Length <= 80, l));
        Assert.StartsWith("Memory ", frame.Lines[1], StringComparison.Ordinal);
        var row = frame.Lines[MonitorLayout.SummaryLines + 1];
        Assert.Contains("a-very-long-p…", row, StringComparison.Ordinal);
        Assert.Contains("1023 MiB", row, StringComparison.Ordinal);
        Assert.Contains("+60 KiB/min", row, StringComparison.Ordinal);
        Assert.Equal([4194303], frame.Pids);
        Assert.Equal([MonitorLayout.SummaryLines + 1], frame.GrowingLines!);
    }

    private static string Render(SystemMemorySnapshot snapshot) =>
        string.Join('\n', MonitorView.Render(snapshot, [], new MonitorState(), MonitorLayout.Fit(200, 0, 5, MonitorColumn.Rss)).Lines);
}
