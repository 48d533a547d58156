using MemoryMonitor.Cli.Monitoring;

namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// A text table fitted to a width, the rule `track` and `detect` share: columns are dropped, highest rank first,
/// until the name column keeps at least its minimum; the name then takes the room left, up to its maximum. Values
/// keep their columns' full widths, so only names are ever cut.
/// </summary>
internal sealed class FittedTable<T>
{
    private readonly List<TableColumn<T>> _shown;
    private readonly int _name;

    public FittedTable(IReadOnlyList<TableColumn<T>> columns, int width, int minimumName, int maximumName)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var kept = new List<TableColumn<T>>();
        foreach (var column in columns.OrderBy(c => c.Rank))
        {
            // The first that does not fit ends it: a lesser column must not take the room of a greater one.
            if (Needed([.. kept, column]) + minimumName > width)
            {
                break;
            }

            kept.Add(column);
        }

        _shown = [.. columns.Where(kept.Contains)];
        _name = Math.Clamp(width - Needed(_shown), 1, maximumName);
    }

    public bool Shows(string title) => _shown.Any(c => c.Title == title);

    public string Header() => string.Join(' ', _shown.Select(c => Cell(c, c.Title))).TrimEnd();

    public string Row(T item) => string.Join(' ', _shown.Select(c => Cell(c, c.Value(item)))).TrimEnd();

    /// <summary>Every column's width but the name's, with one space between columns.</summary>
    private static int Needed(List<TableColumn<T>> shown) => shown.Sum(c => c.Width) + shown.Count - 1;

    private string Cell(TableColumn<T> column, string value)
    {
        var width = column.IsName ? _name : column.Width;
        return column.Right ? TextFit.Right(value, width) : TextFit.Left(value, width);
    }
}
