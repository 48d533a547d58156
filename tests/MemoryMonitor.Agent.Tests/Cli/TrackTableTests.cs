using MemoryMonitor.Cli.Reports;

namespace MemoryMonitor.Agent.Tests.Cli;

public sealed class TrackTableTests
{
    private static readonly DnaPattern Pattern = new(25, 0.0123, 0.5, 12, 0.75, 0.9, 0.1, 3, 0, 0.42);

    [Fact]
    public void At_80_columns_several_processes_keep_the_key_columns_and_drop_the_pattern_detail()
    {
        var text = TrackTable.Format(Report(Process(4194303, "a-very-long-process-name"), Process(2, "short")), 80);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"longer than 80: '{l}'"));
        Assert.Contains("DNA_HASH", lines[1], StringComparison.Ordinal);
        Assert.Contains("GROWTH", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("PERIOD", lines[1], StringComparison.Ordinal);
        Assert.Contains("a-very-long-pro…", lines[2], StringComparison.Ordinal);
        Assert.Contains("-1.5 MiB/min", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void At_200_columns_every_column_is_shown()
    {
        var header = TrackTable.Format(Report(Process(1, "a"), Process(2, "b")), 200).Split('\n')[1];

        foreach (var title in new[] { "PID", "NAME", "RESIDENT", "GROWTH", "LEAK", "SHAPE", "TREND/H", "VARIAB", "PERIOD", "CMPLX", "DNA_HASH", "ANOM" })
        {
            Assert.Contains(title, header, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void One_process_is_listed_field_by_field_and_its_anomalies_one_a_line()
    {
        var text = TrackTable.Format(Report(Process(7, "leaky")), 80);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"longer than 80: '{l}'"));
        Assert.Contains("period       12 samples (strength 0.75)", lines);
        Assert.Contains("growth/min   -1.5 MiB/min", lines);
        Assert.StartsWith("executable   …", lines.Single(l => l.StartsWith("executable", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains("leak high 0.93", StringComparison.Ordinal));
    }

    private static TrackReport Report(params ProcessDnaReport[] processes) => new(DateTimeOffset.UnixEpoch, 40, 1, processes);

    private static ProcessDnaReport Process(int pid, string name) => new(
        pid, name, "/opt/a/very/deep/install/prefix/that/goes/on/and/on/for/ever/bin/" + name, 40, false, 300L << 20, "0123456789abcdef",
        Pattern, 0.93, -1.5 * 1024 * 1024 / 60, "growing",
        [new AnomalyEvent(DateTimeOffset.UnixEpoch, "leak", "high", 0.93, 1024, "growing")]);
}
