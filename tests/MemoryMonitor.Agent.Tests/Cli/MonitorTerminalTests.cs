using System.Globalization;
using System.Text.RegularExpressions;
using MemoryMonitor.Agent.Tests.Children;

namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>`memmon monitor` in a real terminal (tmux): it fits 80x24 and 200x50, and its keys sort, select and open the detail.</summary>
[Trait("Category", "Integration")]
public sealed class MonitorTerminalTests
{
    private static readonly Regex Size = new(@"^\d+(\.\d)? (B|KiB|MiB|GiB|TiB)$|^-$", RegexOptions.Compiled);
    /// <summary>An SGR sequence setting a foreground colour (30-38, 90-97); 39, the default colour, is tmux's own reset.</summary>
    private static readonly Regex Colour = new(@"\u001b\[([0-9;]*;)?(3[0-8]|9[0-7])[;m]", RegexOptions.Compiled);
    private static readonly Regex Rate = new(@"^[+-]?\d+(\.\d)? (B|KiB|MiB|GiB|TiB)/min$|^-$", RegexOptions.Compiled);

    [Fact]
    public async Task Monitor_fits_80x24_and_refits_when_resized_to_200x50()
    {
        using var terminal = TmuxTerminal.Start(80, 24, "monitor --interval 1s");

        var screen = await terminal.WaitForAsync(s => Table(s), "the table at 80x24");
        AssertFits(screen, 80, 24);
        Assert.DoesNotContain("CONTAINER", screen[4], StringComparison.Ordinal);

        terminal.Resize(200, 50);
        screen = await terminal.WaitForAsync(s => Table(s) && s[4].Contains("CONTAINER", StringComparison.Ordinal), "the wide table at 200x50");
        AssertFits(screen, 200, 50);

        terminal.Resize(80, 24);
        screen = await terminal.WaitForAsync(s => Table(s) && !s[4].Contains("CONTAINER", StringComparison.Ordinal), "the table narrowed back to 80x24");
        AssertFits(screen, 80, 24);
    }

    [Fact]
    public async Task Sort_keys_reorder_the_table_and_the_header_names_the_order()
    {
        using var terminal = TmuxTerminal.Start(100, 30, "monitor --interval 1s");
        await terminal.WaitForAsync(s => s[0].Contains("sort: RSS", StringComparison.Ordinal), "the default sort");

        foreach (var (key, label) in new[] { ("p", "PSS"), ("s", "SWAP"), ("g", "GROWTH"), ("M", "RSS") })
        {
            terminal.SendKeys(key);
            var screen = await terminal.WaitForAsync(s => s[0].Contains($"sort: {label}", StringComparison.Ordinal), $"sort by {label}");
            Assert.Contains($"{label}▼", screen[4], StringComparison.Ordinal);
        }

        terminal.SendKeys("p");
        var byPss = await terminal.WaitForAsync(s => s[0].Contains("sort: PSS", StringComparison.Ordinal) && Rows(s).Count > 1, "rows sorted by PSS");
        var column = Array.IndexOf(Header(byPss), "PSS▼");
        var values = Rows(byPss).Select(r => r[column]).Where(v => v != "-").Select(Bytes).ToList();
        Assert.Equal(values.OrderByDescending(v => v), values);
    }

    [Fact]
    public async Task Selecting_a_process_shows_its_real_figures_and_memory_by_mapping()
    {
        const long held = 300L << 20;
        using var child = await AllocatingChild.StartAsync(held);
        using var terminal = TmuxTerminal.Start(80, 24, "monitor --interval 1s");
        var pid = child.Pid.ToString(CultureInfo.InvariantCulture);

        var screen = await terminal.WaitForAsync(s => Rows(s).Any(r => r[0] == pid), "the child in the table");
        var row = Rows(screen).FindIndex(r => r[0] == pid);
        var line = screen.Single(l => l.TrimStart().StartsWith(pid + " ", StringComparison.Ordinal));
        Assert.Contains("memmon-alloca…", line, StringComparison.Ordinal);
        // Pause first, so the row cannot move between choosing it and Enter.
        terminal.SendKeys("Space");
        await terminal.WaitForAsync(s => s[0].Contains("PAUSED", StringComparison.Ordinal), "the pause");
        row = Rows(terminal.Capture()).FindIndex(r => r[0] == pid);
        terminal.SendKeys(["Home", .. Enumerable.Repeat("Down", row), "Enter"]);
        screen = await terminal.WaitForAsync(s => s[0].Contains($"pid {pid} memmon-allocate", StringComparison.Ordinal) && s.Any(l => l.StartsWith("KIND", StringComparison.Ordinal)), "the child's detail");

        // The child's 300 MiB is one anonymous allocation: the largest group by mapping, at its real size.
        AssertDetail(screen, 80, 24, held);
        Assert.Contains(screen, l => l.StartsWith("DNA ", StringComparison.Ordinal));

        terminal.SendKeys("Escape");
        await terminal.WaitForAsync(s => s.Length > 4 && s[4].TrimStart().StartsWith("PID", StringComparison.Ordinal), "the table again");
    }

    [Fact]
    public async Task The_detail_fits_200x50_with_the_real_figures_and_refits_when_resized_with_it_open()
    {
        const long held = 300L << 20;
        using var child = await AllocatingChild.StartAsync(held);
        using var terminal = TmuxTerminal.Start(200, 50, "monitor --interval 1s");
        var pid = child.Pid.ToString(CultureInfo.InvariantCulture);

        await terminal.WaitForAsync(s => Rows(s).Any(r => r[0] == pid), "the child in the wide table");
        terminal.SendKeys("Space");
        await terminal.WaitForAsync(s => s[0].Contains("PAUSED", StringComparison.Ordinal), "the pause");
        var row = Rows(terminal.Capture()).FindIndex(r => r[0] == pid);
        terminal.SendKeys(["Home", .. Enumerable.Repeat("Down", row), "Enter"]);

        (int Width, int Height)[] sizes = [(200, 50), (80, 24), (200, 50)];
        for (var i = 0; i < sizes.Length; i++)
        {
            var (width, height) = sizes[i];
            if (i > 0)
            {
                terminal.Resize(width, height);
            }

            // A whole frame at this size: the header at the top, and the key hint as the last line, within the width.
            var screen = await terminal.WaitForAsync(
                s => s[0].Contains($"pid {pid} memmon-allocate", StringComparison.Ordinal) && s.Any(l => l.StartsWith("KIND", StringComparison.Ordinal)) &&
                    s.All(l => l.Length <= width) && s.Take(height).LastOrDefault(l => l.Length > 0)?.StartsWith("Esc", StringComparison.Ordinal) == true,
                $"the child's detail at {width}x{height}");
            AssertDetail(screen, width, height, held);
        }
    }

    [Fact]
    public async Task NO_COLOR_gives_a_screen_without_colour()
    {
        using var terminal = TmuxTerminal.Start(80, 24, "monitor --interval 1s", environment: "NO_COLOR=1");
        await terminal.WaitForAsync(s => s.Any(l => l.StartsWith("    PID", StringComparison.Ordinal)), "the table");

        var escaped = terminal.CaptureWithEscapes();
        Assert.DoesNotMatch(Colour, escaped);
    }

    [Fact]
    public async Task Q_quits_and_without_NO_COLOR_the_header_is_coloured()
    {
        using var terminal = TmuxTerminal.Start(80, 24, "monitor --interval 1s");
        await terminal.WaitForAsync(s => s.Any(l => l.StartsWith("    PID", StringComparison.Ordinal)), "the table");
        Assert.Matches(Colour, terminal.CaptureWithEscapes());

        terminal.SendKeys("q");
        await terminal.WaitForExitAsync();
    }

    /// <summary>The detail of the child holding <paramref name="held"/> bytes: its real resident size, its memory by mapping, nothing wrapped.</summary>
    private static void AssertDetail(string[] screen, int width, int height, long held)
    {
        AssertFits(screen, width, height);
        try
        {
            var resident = Bytes(Regex.Match(screen.Single(l => l.StartsWith("Resident", StringComparison.Ordinal)), @"Resident ([\d.]+ \w+),").Groups[1].Value);
            Assert.InRange(resident, held * 0.95, held * 1.2);
            Assert.Contains(screen, l => l.StartsWith("History  ", StringComparison.Ordinal) && l.Any(c => c is >= '▁' and <= '█'));
            Assert.Contains(screen, l => l.StartsWith("Forecast ", StringComparison.Ordinal) && l.Contains("system memory", StringComparison.Ordinal));
            Assert.Contains(screen, l => l.StartsWith("Anomaly  score ", StringComparison.Ordinal));
            var anon = screen.First(l => l.StartsWith("anon", StringComparison.Ordinal) || l.StartsWith("heap", StringComparison.Ordinal));
            Assert.InRange(Bytes(string.Join(' ', anon.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..3])), held * 0.95, held * 1.2);
            // Every size in the mappings table whole: each cell under a size title is a size.
            var header = screen.Single(l => l.StartsWith("KIND", StringComparison.Ordinal));
            var titles = Regex.Matches(header, @"\S+").Where(t => t.Value is not ("KIND" or "MAPS" or "NAME")).ToList();
            foreach (var line in screen.SkipWhile(l => l != header).Skip(1).TakeWhile(l => !l.StartsWith("Esc", StringComparison.Ordinal)))
            {
                var start = 7;
                foreach (var title in titles)
                {
                    Assert.Matches(Size, line[start..(title.Index + title.Length)].Trim());
                    start = title.Index + title.Length;
                }
            }
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nThe screen was:\n{string.Join('\n', screen)}");
        }
    }

    /// <summary>The summary is on screen, nothing is longer than the width or the height, and every value in the table is whole.</summary>
    private static void AssertFits(string[] screen, int width, int height)
    {
        try
        {
            AssertFitsOn(screen, width, height);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nThe screen was:\n{string.Join('\n', screen)}");
        }
    }

    private static void AssertFitsOn(string[] screen, int width, int height)
    {
        Assert.StartsWith("memmon monitor", screen[0], StringComparison.Ordinal);
        Assert.StartsWith("Memory ", screen[1], StringComparison.Ordinal);
        Assert.StartsWith("Swap ", screen[2], StringComparison.Ordinal);
        Assert.StartsWith("Pressure ", screen[3], StringComparison.Ordinal);
        Assert.True(screen.Length <= height + 1, $"{screen.Length} lines on a {height}-line screen");
        Assert.All(screen, l => Assert.True(l.Length <= width, $"longer than {width}: '{l}'"));
        if (!screen[4].TrimStart().StartsWith("PID", StringComparison.Ordinal))
        {
            return;
        }

        var header = Header(screen);
        foreach (var row in Rows(screen))
        {
            Assert.Equal(header.Length, row.Length);
            for (var i = 0; i < header.Length; i++)
            {
                var title = header[i].TrimEnd('▼');
                if (title is "RSS" or "PSS" or "SWAP")
                {
                    Assert.Matches(Size, row[i]);
                }
                else if (title == "GROWTH")
                {
                    Assert.Matches(Rate, row[i]);
                }
            }
        }
    }

    /// <summary>
    /// A whole frame is on screen: while a terminal shrinks, tmux keeps the old frame's lower lines in view until the
    /// program redraws, so a test waits for the header at the top before judging the fit.
    /// </summary>
    private static bool Table(string[] screen) =>
        screen.Length > 5 && screen[0].StartsWith("memmon monitor", StringComparison.Ordinal) && screen[4].StartsWith("    PID", StringComparison.Ordinal);

    private static string[] Header(string[] screen) => screen[4].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The table's rows cut into cells at the columns' starts: a left-aligned title (COMM, USER, CONTAINER) starts its
    /// column, a right-aligned one ends it, and those columns have the fixed widths the layout gives them.
    /// </summary>
    private static List<string[]> Rows(string[] screen)
    {
        if (screen.Length < 6 || !screen[4].TrimStart().StartsWith("PID", StringComparison.Ordinal))
        {
            return [];
        }

        var starts = Regex.Matches(screen[4], @"\S+").Select(t => t.Value.TrimEnd('▼') switch
        {
            "COMM" or "USER" or "CONTAINER" => t.Index,
            "PID" => t.Index + t.Length - 7,
            "GROWTH" => t.Index + t.Length - 15,
            _ => t.Index + t.Length - 10,
        }).ToList();
        var rows = new List<string[]>();
        foreach (var line in screen.Skip(5).TakeWhile(l => l.Length > 0 && !l.StartsWith("M/p/s/g", StringComparison.Ordinal)))
        {
            var cells = new string[starts.Count];
            for (var i = 0; i < starts.Count; i++)
            {
                var end = i + 1 < starts.Count ? starts[i + 1] : line.Length;
                cells[i] = starts[i] < line.Length ? line[starts[i]..Math.Min(end, line.Length)].Trim() : string.Empty;
            }

            rows.Add(cells);
        }

        return rows;
    }

    private static double Bytes(string text)
    {
        var parts = text.Split(' ');
        var unit = Array.IndexOf(["B", "KiB", "MiB", "GiB", "TiB"], parts[1]);
        return double.Parse(parts[0], CultureInfo.InvariantCulture) * Math.Pow(1024, unit);
    }
}
