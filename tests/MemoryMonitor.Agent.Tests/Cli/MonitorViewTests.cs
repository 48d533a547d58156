using MemoryMonitor.Cli.Monitoring;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.SystemMemory;
using Spectre.Console;

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

    private static string Render(SystemMemorySnapshot snapshot)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        console.Write(MonitorView.Render(snapshot, [], top: 5));
        return output.ToString();
    }
}
