namespace MemoryMonitor.Cli.Monitoring;

/// <summary>Cutting and padding text to a column: the one rule for never wrapping (an ellipsis where cut).</summary>
internal static class TextFit
{
    public static string Cut(string text, int width) =>
        width <= 0 ? string.Empty : text.Length <= width ? text : text[..(width - 1)] + "…";

    /// <summary>Cut from the start: for paths, whose end (the file's name) is what tells them apart.</summary>
    public static string CutStart(string text, int width) =>
        width <= 0 ? string.Empty : text.Length <= width ? text : "…" + text[^(width - 1)..];

    public static string Left(string text, int width) => Cut(text, width).PadRight(width);

    public static string Right(string text, int width) => Cut(text, width).PadLeft(width);
}
