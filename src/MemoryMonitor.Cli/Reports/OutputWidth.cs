namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// The width the text of `track`, `detect`, `optimize` and `maps` is sized to: the terminal's when standard output is
/// one, 80 columns in a pipe or a file (what a log viewer, an email or a terminal of its own size shows unwrapped).
/// </summary>
internal static class OutputWidth
{
    public const int Pipe = 80;

    /// <summary>Narrower than this a table has no room left for a name: the text overflows instead of turning to ellipses.</summary>
    public const int Minimum = 40;

    /// <summary>Read each time: a terminal can be resized while a live verb (detect, maps --watch) runs.</summary>
    public static int Current
    {
        get
        {
            if (Console.IsOutputRedirected)
            {
                return Pipe;
            }

            try
            {
                return Console.WindowWidth > 0 ? Math.Max(Minimum, Console.WindowWidth) : Pipe;
            }
            catch (IOException)
            {
                return Pipe; // a terminal that does not answer the size query
            }
        }
    }
}
