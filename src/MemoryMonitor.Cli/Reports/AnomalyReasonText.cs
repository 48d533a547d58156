using System.Text;
using MemoryMonitor.Analysis.Anomaly;

namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// A detector's reason as words for the terminal views (detect, the monitor's detail, track's table). The engine
/// writes a sentence with the figures for the reasons it knows and the enum's own name for any other, such as one
/// added to <see cref="AnomalyReason"/> later; people read "range breakout", not "RangeBreakout". `--json` keeps the
/// engine's text as it is, for the scripts that match on it.
/// </summary>
internal static class AnomalyReasonText
{
    /// <summary>The words for <paramref name="reason"/>: its name split at capitals, lower case, acronyms kept.</summary>
    public static string Words(AnomalyReason reason) => reason switch
    {
        AnomalyReason.EwmaDeviation => "EWMA deviation",
        AnomalyReason.RobustZScore => "robust z-score",
        _ => Split(reason.ToString()),
    };

    /// <summary>The judgement's reason for people: an enum name becomes its <see cref="Words"/>, a sentence stays.</summary>
    public static string Display(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return Enum.GetNames<AnomalyReason>().Contains(reason, StringComparer.Ordinal) ? Words(Enum.Parse<AnomalyReason>(reason)) : reason;
    }

    private static string Split(string name)
    {
        var words = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsAsciiLetterUpper(name[i]))
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(name[i]));
        }

        return words.ToString();
    }
}
