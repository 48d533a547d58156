using System.Globalization;
using System.Text;
using MemoryMonitor.Cli.Monitoring;

namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// `memmon optimize` for people, sized to a width (80 in a pipe): health, its factors, then the suggestions with
/// their evidence. Each sentence goes on over as many lines as it needs, indented under its first, broken between
/// words and never inside a figure; `--output` writes the same report as JSON.
/// </summary>
internal static class OptimizeText
{
    /// <summary>Where a suggestion's further lines start: under its title, past "NN. ".</summary>
    private const int Indent = 4;

    /// <summary>"      evidence: ": a label's further lines start under its text.</summary>
    private const int LabelIndent = 16;

    public static string Format(OptimizeReport report, bool full, bool applied, int width)
    {
        ArgumentNullException.ThrowIfNull(report);
        width = Math.Max(width, OutputWidth.Minimum);
        var text = new StringBuilder();
        void Say(string sentence, int indent)
        {
            foreach (var line in TextFit.Wrap(sentence, width, indent))
            {
                text.AppendLine(line);
            }
        }

        Say(Invariant($"Memory health: {report.HealthScore:0}/100"), Indent);
        foreach (var factor in report.Factors)
        {
            Say(Invariant($"  -{factor.Penalty:0.#} {factor.Name}: {factor.Evidence}"), Indent + 2);
        }

        text.AppendLine();
        text.AppendLine(full ? "Suggestions, most urgent first:" : "Tips, most urgent first:");
        var number = 0;
        foreach (var suggestion in report.Suggestions)
        {
            number++;
            Say(Invariant($"{number,2}. [{suggestion.Priority}] {suggestion.Title}"), Indent);
            Say($"      evidence: {suggestion.Evidence}", LabelIndent);
            if (suggestion.SafeAction is { } action)
            {
                Say($"      safe action available: {action} (memmon optimize --apply)", LabelIndent);
            }
        }

        if (report.Suggestions.Count == 0)
        {
            text.AppendLine("  nothing to suggest");
        }

        text.AppendLine();
        if (applied)
        {
            text.AppendLine(report.Applied.Count == 0 ? "Applied: nothing (no suggestion came with a safe action)" : "Applied:");
            foreach (var line in report.Applied)
            {
                Say($"  {line}", Indent);
            }
        }
        else
        {
            Say("Nothing was changed (read-only; --apply carries out the safe actions listed).", 0);
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
