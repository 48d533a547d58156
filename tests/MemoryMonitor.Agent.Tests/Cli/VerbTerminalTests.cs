using System.Text.RegularExpressions;

namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>
/// `detect`, `optimize` and `track` in a real terminal (tmux): their text takes the terminal's width, not a pipe's
/// 80 columns, and no line is longer than it (capture-pane -J joins what the terminal wrapped, so a wrap shows).
/// </summary>
[Trait("Category", "Integration")]
public sealed class VerbTerminalTests
{
    [Fact]
    public async Task Detect_in_a_60_column_terminal_drops_growth_and_nothing_wraps()
    {
        using var terminal = TmuxTerminal.StartToEnd(60, 24, "detect --duration 8s --interval 100ms --threshold 0.000001 --leak-threshold 0.000001");

        var lines = await UntilExitedAsync(terminal);

        AssertWithin(lines, 60);
        var header = Assert.Single(lines, l => l.StartsWith("TIME", StringComparison.Ordinal));
        Assert.Matches(@"^TIME +FINDING +PID NAME +SCORE +RESIDENT$", header);
        var rows = lines.SkipWhile(l => l != header).Skip(1).Where(l => !l.StartsWith(' ') && l != TmuxTerminal.Exited).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Matches(@"^\d\d:\d\d:\d\d (anomaly|leak   ) +(\d+|-) .{16} +[01]\.\d\d +(\d+(\.\d)? (B|KiB|MiB|GiB|TiB)|-)$", r));
    }

    [Theory]
    [InlineData(80, 24)]
    [InlineData(200, 50)]
    public async Task Optimize_tips_take_the_terminal_width(int width, int height)
    {
        using var terminal = TmuxTerminal.StartToEnd(width, height, "optimize --tips");

        var lines = await UntilExitedAsync(terminal);

        AssertWithin(lines, width);
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^Memory health: \d+/100$"));
        Assert.Contains(lines, l => l.StartsWith("Nothing was changed", StringComparison.Ordinal));
        // Each tip's title on as few lines as the width allows: at 200 columns none needs a second.
        var titles = lines.Select((l, i) => (l, i)).Where(x => Regex.IsMatch(x.l, @"^ ?\d+\. \[")).ToList();
        Assert.NotEmpty(titles);
        if (width == 200)
        {
            Assert.All(titles, t => Assert.StartsWith("      evidence: ", lines[t.i + 1], StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Track_of_all_processes_in_a_200_column_terminal_shows_every_column()
    {
        using var terminal = TmuxTerminal.StartToEnd(200, 50, "track --duration 3s --interval 500ms");

        var lines = await UntilExitedAsync(terminal);

        AssertWithin(lines, 200);
        var header = Assert.Single(lines, l => l.StartsWith("    PID NAME", StringComparison.Ordinal));
        foreach (var title in new[] { "RESIDENT", "GROWTH", "LEAK", "SHAPE", "TREND/H", "VARIAB", "PERIOD", "CMPLX", "DNA_HASH", "ANOM" })
        {
            Assert.Contains(title, header, StringComparison.Ordinal);
        }
    }

    private static async Task<string[]> UntilExitedAsync(TmuxTerminal terminal)
    {
        await terminal.WaitForAsync(_ => terminal.CaptureAll().Contains(TmuxTerminal.Exited), "the command to finish");
        return terminal.CaptureAll();
    }

    private static void AssertWithin(string[] lines, int width) =>
        Assert.All(lines, l => Assert.True(l.Length <= width, $"longer than {width}: '{l}'\nThe output was:\n{string.Join('\n', lines)}"));
}
