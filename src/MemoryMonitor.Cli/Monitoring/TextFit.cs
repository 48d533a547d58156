using System.Text;

namespace MemoryMonitor.Cli.Monitoring;

/// <summary>Cutting, padding and breaking text to a width: the one rule for never wrapping (an ellipsis where cut).</summary>
internal static class TextFit
{
    public static string Cut(string text, int width) =>
        width <= 0 ? string.Empty : text.Length <= width ? text : text[..(width - 1)] + "…";

    /// <summary>Cut from the start: for paths, whose end (the file's name) is what tells them apart.</summary>
    public static string CutStart(string text, int width) =>
        width <= 0 ? string.Empty : text.Length <= width ? text : "…" + text[^(width - 1)..];

    public static string Left(string text, int width) => Cut(text, width).PadRight(width);

    public static string Right(string text, int width) => Cut(text, width).PadLeft(width);

    /// <summary>
    /// Sentences (evidence, reasons) as lines of at most <paramref name="width"/>, broken at spaces, the first keeping
    /// the text's own leading spaces and the rest indented by <paramref name="indent"/>; spaces within a line stay as
    /// written, so labels keep their columns. Never inside a value: a number and the unit after it ("1.5 GiB",
    /// "12 min", "3.2 deviations") are one word. A word longer than a line is cut with an ellipsis.
    /// </summary>
    public static List<string> Wrap(string text, int width, int indent)
    {
        ArgumentNullException.ThrowIfNull(text);
        indent = Math.Clamp(indent, 0, Math.Max(0, width - 1));
        var lines = new List<string>();
        var line = new StringBuilder();
        var empty = true;
        foreach (var (gap, word) in Words(text))
        {
            if (!empty && line.Length + gap.Length + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear().Append(' ', indent);
            }
            else
            {
                line.Append(gap);
            }

            line.Append(Cut(word, width - line.Length));
            empty = false;
        }

        lines.Add(line.ToString());
        return lines;
    }

    /// <summary>The text's words with the spaces before each, a number joined to the unit that follows it.</summary>
    private static List<(string Gap, string Word)> Words(string text)
    {
        var words = new List<(string Gap, string Word)>();
        var at = 0;
        while (at < text.Length)
        {
            var start = at;
            while (at < text.Length && text[at] == ' ')
            {
                at++;
            }

            var gap = text[start..at];
            start = at;
            while (at < text.Length && text[at] != ' ')
            {
                at++;
            }

            var word = text[start..at];
            if (word.Length == 0)
            {
                break; // trailing spaces
            }

            if (words.Count > 0 && char.IsAsciiDigit(words[^1].Word[^1]) && (char.IsLetter(word[0]) || word[0] == '%'))
            {
                words[^1] = (words[^1].Gap, words[^1].Word + gap + word);
            }
            else
            {
                words.Add((gap, word));
            }
        }

        return words;
    }
}
