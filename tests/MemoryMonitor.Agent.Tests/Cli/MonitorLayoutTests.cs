using MemoryMonitor.Cli.Monitoring;

namespace MemoryMonitor.Agent.Tests.Cli;

public sealed class MonitorLayoutTests
{
    [Fact]
    public void At_200_columns_every_column_is_shown()
    {
        var layout = MonitorLayout.Fit(200, 50, 0, MonitorColumn.Rss);

        Assert.Equal(Enum.GetValues<MonitorColumn>(), layout.Columns.Select(c => c.Column));
        Assert.Equal(50 - MonitorLayout.SummaryLines - MonitorLayout.ChromeLines, layout.Rows);
    }

    [Fact]
    public void At_80x24_the_container_goes_first_and_the_table_takes_the_rows_left_under_the_summary()
    {
        var layout = MonitorLayout.Fit(80, 24, 0, MonitorColumn.Rss);

        Assert.Equal(
            [MonitorColumn.Pid, MonitorColumn.Comm, MonitorColumn.User, MonitorColumn.Rss, MonitorColumn.Pss, MonitorColumn.Swap, MonitorColumn.Growth],
            layout.Columns.Select(c => c.Column));
        Assert.True(Width(layout) <= 80);
        Assert.True(layout.Columns.Single(c => c.Column == MonitorColumn.Comm).Width >= MonitorLayout.MinimumCommWidth);
        Assert.Equal(18, layout.Rows);
    }

    [Theory]
    [InlineData(40, "Growth")]
    [InlineData(40, "Swap")]
    [InlineData(60, "Pss")]
    public void A_narrow_terminal_drops_columns_by_priority_but_keeps_the_sorted_one(int width, string sortedName)
    {
        var sorted = Enum.Parse<MonitorColumn>(sortedName);
        var layout = MonitorLayout.Fit(width, 24, 0, sorted);

        var shown = layout.Columns.Select(c => c.Column).ToList();
        Assert.Contains(sorted, shown);
        Assert.Contains(MonitorColumn.Pid, shown);
        Assert.Contains(MonitorColumn.Comm, shown);
        Assert.DoesNotContain(MonitorColumn.Container, shown);
        Assert.DoesNotContain(MonitorColumn.User, shown);
        Assert.True(Width(layout) <= width, $"{Width(layout)} > {width}");
    }

    [Fact]
    public void Top_caps_the_rows_and_without_a_terminal_it_alone_decides()
    {
        Assert.Equal(5, MonitorLayout.Fit(80, 24, 5, MonitorColumn.Rss).Rows);
        Assert.Equal(18, MonitorLayout.Fit(80, 24, 500, MonitorColumn.Rss).Rows);
        Assert.Equal(500, MonitorLayout.Fit(80, 0, 500, MonitorColumn.Rss).Rows);
        Assert.Equal(20, MonitorLayout.Fit(80, 0, 0, MonitorColumn.Rss).Rows);
    }

    [Fact]
    public void Keys_sort_select_open_and_close_the_detail()
    {
        var state = new MonitorState();
        int[] pids = [10, 20, 30];

        MonitorKeys.Apply(state, Key('p', ConsoleKey.P), pids);
        Assert.Equal(MonitorSort.Proportional, state.Sort);
        MonitorKeys.Apply(state, Key('g', ConsoleKey.G), pids);
        Assert.Equal(MonitorSort.Growth, state.Sort);
        MonitorKeys.Apply(state, Key('M', ConsoleKey.M), pids);
        Assert.Equal(MonitorSort.Resident, state.Sort);

        MonitorKeys.Apply(state, Key('\0', ConsoleKey.DownArrow), pids);
        MonitorKeys.Apply(state, Key('\0', ConsoleKey.DownArrow), pids);
        MonitorKeys.Apply(state, Key('\0', ConsoleKey.DownArrow), pids);
        Assert.Equal(2, state.Selected);
        MonitorKeys.Apply(state, Key('\r', ConsoleKey.Enter), pids);
        Assert.Equal(30, state.DetailPid);

        // Sort keys do nothing in the detail: s there must not reorder the table behind it.
        MonitorKeys.Apply(state, Key('s', ConsoleKey.S), pids);
        Assert.Equal(MonitorSort.Resident, state.Sort);
        MonitorKeys.Apply(state, Key('\u001b', ConsoleKey.Escape), pids);
        Assert.Null(state.DetailPid);

        MonitorKeys.Apply(state, Key(' ', ConsoleKey.Spacebar), pids);
        Assert.True(state.Paused);
        MonitorKeys.Apply(state, Key('q', ConsoleKey.Q), pids);
        Assert.True(state.Quit);
    }

    [Fact]
    public void Sparkline_scales_between_the_series_own_minimum_and_maximum()
    {
        Assert.Equal("▁▅█", Sparkline.Of([100, 150, 200], 10));
        Assert.Equal("▁█", Sparkline.Of([100, 150, 200], 2));
        Assert.Equal("▁▁", Sparkline.Of([7, 7], 10));
    }

    private static int Width(MonitorLayout layout) => layout.Columns.Sum(c => c.Width) + layout.Columns.Count - 1;

    private static ConsoleKeyInfo Key(char c, ConsoleKey key) => new(c, key, shift: false, alt: false, control: false);
}
