using System.Globalization;
using System.Text;
using MemoryMonitor.Cli.Monitoring;

namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// `memmon track` as text sized to a width (80 in a pipe), never wrapped: one process is listed field by field,
/// several as a table whose less important columns drop as the width narrows. `--json` carries every field.
/// </summary>
internal static class TrackTable
{
    private const int Label = 13;

    /// <summary>Columns in the order shown; the lower the rank, the longer a column survives a narrow width.</summary>
    private static readonly TableColumn<ProcessDnaReport>[] Columns =
    [
        new("PID", 7, 0, true, p => p.Pid.ToString(CultureInfo.InvariantCulture)),
        new("NAME", 0, 0, false, Name),
        new("RESIDENT", ByteSize.Width, 0, true, p => ByteSize.Format(p.ResidentBytes)),
        new("GROWTH", ByteSize.RateWidth, 1, true, p => p.GrowthBytesPerSecond is { } g ? ByteSize.FormatRate(g) : "-"),
        new("LEAK", 4, 1, true, p => p.LeakRisk is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "-"),
        new("SHAPE", 10, 4, false, p => p.Shape ?? "-"),
        new("TREND/H", 8, 3, true, p => p.Pattern is { } d ? Invariant($"{d.TrendPerHour * 100:+0.0;-0.0}%") : "-"),
        new("VARIAB", 6, 5, true, p => p.Pattern is { } v ? Invariant($"{v.Variability:0.000}") : "-"),
        new("PERIOD", 12, 6, true, p => p.Pattern is { PeriodSamples: > 0 } s ? Invariant($"{s.PeriodSamples:0} ({s.PeriodStrength:0.00})") : "-"),
        new("CMPLX", 5, 6, true, p => p.Pattern is { } c ? Invariant($"{c.Complexity:0.00}") : "-"),
        new("DNA_HASH", 16, 2, false, p => p.DnaHash ?? "-"),
        new("ANOM", 4, 1, true, p => p.Anomalies.Count.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>Below this a name no longer tells processes apart; a kernel comm is at most 15 characters.</summary>
    private const int MinimumName = 10;
    private const int MaximumName = 16;

    public static string Format(TrackReport report, int width)
    {
        ArgumentNullException.ThrowIfNull(report);
        width = Math.Max(width, 40);
        return report.Processes.Count == 1 ? Vertical(report, report.Processes[0], width) : Table(report, width);
    }

    private static string Table(TrackReport report, int width)
    {
        var text = new StringBuilder();
        text.AppendLine(TextFit.Cut(Invariant($"memory DNA of {report.Processes.Count} processes over {report.DurationSeconds:0} s"), width));
        var table = new FittedTable<ProcessDnaReport>(Columns, width, MinimumName, MaximumName);
        text.AppendLine(table.Header());
        foreach (var process in report.Processes)
        {
            text.AppendLine(table.Row(process));
        }

        if (report.Processes.Any(p => p.Anomalies.Count > 0))
        {
            text.AppendLine(TextFit.Cut("ANOM counts anomaly and leak episodes: --pid N lists one process's, --json every field.", width));
        }

        return text.ToString();
    }

    private static string Vertical(TrackReport report, ProcessDnaReport p, int width)
    {
        var text = new StringBuilder();
        text.AppendLine(TextFit.Cut(Invariant($"memory DNA of pid {p.Pid} ({p.Name}) over {report.DurationSeconds:0} s, {p.Samples} samples"), width));
        void Field(string label, string value) => text.Append(label.PadRight(Label)).AppendLine(TextFit.Cut(value, width - Label));
        Field("name", Name(p));
        Field("executable", TextFit.CutStart(p.Executable, width - Label));
        Field("resident", ByteSize.Format(p.ResidentBytes));
        Field("growth/min", p.GrowthBytesPerSecond is { } g ? ByteSize.FormatRate(g) : "-");
        Field("leak risk", p.LeakRisk is { } r ? Invariant($"{r:0.00} {p.Shape}") : "-");
        Field("dna_hash", p.DnaHash ?? "- (too few samples)");
        if (p.Pattern is { } d)
        {
            Field("trend/h", Invariant($"{d.TrendPerHour * 100:+0.0;-0.0}%"));
            Field("variability", Invariant($"{d.Variability:0.000}"));
            Field("period", d.PeriodSamples > 0 ? Invariant($"{d.PeriodSamples:0} samples (strength {d.PeriodStrength:0.00})") : "none");
            Field("complexity", Invariant($"{d.Complexity:0.00}"));
            Field("anon share", d.AnonShare is { } a ? Invariant($"{a:0.00}") : "-");
            Field("faults/s", Invariant($"minor {d.MinorFaultRate:0.#}, major {d.MajorFaultRate:0.#}"));
        }

        Field("anomalies", p.Anomalies.Count == 0 ? "none" : p.Anomalies.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var a in p.Anomalies)
        {
            var growth = a.GrowthBytesPerSecond is { } ag ? " " + ByteSize.FormatRate(ag) : string.Empty;
            // The reason is a sentence: it goes on under the time rather than being cut.
            foreach (var line in TextFit.Wrap(Invariant($"  {a.At:HH:mm:ss} {a.Type} {a.Severity} {a.Score:0.00}{growth} {AnomalyReasonText.Display(a.Detail)}"), width, 11))
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    private static string Name(ProcessDnaReport p) => p.Name + (p.Exited ? " (exited)" : string.Empty);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
