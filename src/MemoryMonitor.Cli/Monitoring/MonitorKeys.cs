namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// The monitor's keys, as htop users expect them: M (or r) RSS, p PSS, s swap, g growth; space (or z) pause; up/down
/// select, Enter opens the detail, Esc or Enter closes it; q quits.
/// </summary>
internal static class MonitorKeys
{
    public const string Hint = "M/p/s/g sort  ↑↓ select  Enter detail  space pause  q quit";

    public const string DetailHint = "Esc/Enter back  space pause  q quit";

    /// <param name="visiblePids">The pids of the table's rows as last drawn, top first.</param>
    public static void Apply(MonitorState state, ConsoleKeyInfo key, IReadOnlyList<int> visiblePids)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(visiblePids);
        switch (key.Key)
        {
            case ConsoleKey.Q or ConsoleKey.F10:
                state.Quit = true;
                return;
            case ConsoleKey.Spacebar or ConsoleKey.Z:
                state.Paused = !state.Paused;
                return;
            case ConsoleKey.Escape when state.DetailPid is not null:
                state.DetailPid = null;
                return;
            case ConsoleKey.Enter:
                state.DetailPid = state.DetailPid is null && state.Selected < visiblePids.Count ? visiblePids[state.Selected] : null;
                return;
        }

        if (state.DetailPid is not null)
        {
            return;
        }

        switch (key.Key)
        {
            case ConsoleKey.UpArrow or ConsoleKey.K:
                state.Selected = Math.Max(0, state.Selected - 1);
                break;
            case ConsoleKey.DownArrow or ConsoleKey.J:
                state.Selected = Math.Max(0, Math.Min(visiblePids.Count - 1, state.Selected + 1));
                break;
            case ConsoleKey.Home:
                state.Selected = 0;
                break;
            case ConsoleKey.M or ConsoleKey.R:
                state.Sort = MonitorSort.Resident;
                break;
            case ConsoleKey.P:
                state.Sort = MonitorSort.Proportional;
                break;
            case ConsoleKey.S:
                state.Sort = MonitorSort.Swap;
                break;
            case ConsoleKey.G:
                state.Sort = MonitorSort.Growth;
                break;
        }
    }
}
