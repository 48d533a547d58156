namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// A column of a <see cref="FittedTable{T}"/>: its width (0 for the name, which takes the room left), its rank (the
/// lower, the longer it survives a narrow width) and how its value is aligned and written.
/// </summary>
internal sealed record TableColumn<T>(string Title, int Width, int Rank, bool Right, Func<T, string> Value)
{
    public bool IsName => Width == 0;
}
