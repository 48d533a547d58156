namespace MemoryMonitor.Cli.Monitoring;

/// <summary>What the person at the monitor has chosen: the order, pause, the selected process and whether its detail is open.</summary>
internal sealed class MonitorState
{
    public MonitorSort Sort { get; set; } = MonitorSort.Resident;

    public bool Paused { get; set; }

    /// <summary>Rows from the top of the table; the row follows its position, as in htop, not a pid that may exit.</summary>
    public int Selected { get; set; }

    /// <summary>The pid whose detail is shown, or null for the table.</summary>
    public int? DetailPid { get; set; }

    public bool Quit { get; set; }
}
