using System.Text;

namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// Draws frames full-screen on the terminal's alternate screen, as top and htop do, so the person's scrollback is
/// left as it was. Each line is placed by cursor address, never by a newline: a line as wide as the terminal then
/// cannot scroll the screen or wrap. Colour only when allowed (NO_COLOR unset); reverse video marks the selected row
/// either way, since it carries meaning and is not colour.
/// </summary>
internal sealed class TerminalScreen(TextWriter output, bool color) : IDisposable
{
    private const string Escape = "\u001b[";
    private bool _entered;

    public void Enter()
    {
        output.Write($"{Escape}?1049h{Escape}?25l{Escape}2J");
        output.Flush();
        _entered = true;
    }

    public void Draw(MonitorFrame frame, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var text = new StringBuilder();
        var shown = Math.Min(frame.Lines.Count, height);
        for (var i = 0; i < shown; i++)
        {
            var line = TextFit.Cut(frame.Lines[i], width);
            text.Append(Escape).Append(i + 1).Append(";1H");
            var style = i == frame.HighlightLine ? "7"
                : !color ? null
                : i == 0 ? "1;36"
                : frame.GrowingLines?.Contains(i) == true ? "33"
                : null;
            if (style is not null)
            {
                text.Append(Escape).Append(style).Append('m').Append(line.PadRight(width)).Append(Escape).Append("0m");
                continue;
            }

            text.Append(line);

            // At the last column the cursor waits to wrap and "erase to end of line" would erase the last character.
            if (line.Length < width)
            {
                text.Append(Escape).Append('K');
            }
        }

        if (shown < height)
        {
            text.Append(Escape).Append(shown + 1).Append(";1H").Append(Escape).Append('J');
        }

        output.Write(text.ToString());
        output.Flush();
    }

    public void Dispose()
    {
        if (_entered)
        {
            output.Write($"{Escape}0m{Escape}?25h{Escape}?1049l");
            output.Flush();
            _entered = false;
        }
    }
}
