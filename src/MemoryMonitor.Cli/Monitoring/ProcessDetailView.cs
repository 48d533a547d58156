using System.Globalization;
using MemoryMonitor.Analysis.Dna;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Analysis.Leaks;
using MemoryMonitor.Cli.Reports;
using MemoryMonitor.Collection.Maps;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// The monitor's detail screen for one process: the summary, then its resident history, growth, leak risk and the
/// forecast against the limit that binds it, anomaly score, DNA and drift, container names, and its memory by
/// mapping (<see cref="MapsTable"/>) in the lines left.
/// </summary>
internal static class ProcessDetailView
{
    /// <summary>"Resident ": the labels' column, under which a sentence's further lines go.</summary>
    private const int Label = 9;

    /// <summary>What the screen shows of one process, gathered by the caller from the engine and smaps.</summary>
    internal sealed record Facts(JudgedProcess Process, double[] ResidentHistory, MemoryDna? Dna, ProcessMaps? Maps, string? MapsProblem);

    public static MonitorFrame Render(SystemMemorySnapshot system, Facts facts, MonitorState state, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(state);
        var (process, judgement) = facts.Process;
        var lines = new List<string>();
        var paused = state.Paused ? "  PAUSED" : string.Empty;
        lines.Add($"memmon monitor {system.Timestamp:HH:mm:ss} UTC  pid {process.PidLabel} {process.Comm}{paused}");
        lines.AddRange(MonitorView.Summary(system));
        lines.Add($"Process  {process.Comm}, user {process.User}, {process.Threads} threads, {process.Executable}");
        // Figures are split over short lines rather than cut: at 80 columns a cut would fall inside a value.
        lines.Add($"Resident {ByteSize.Format(process.ResidentBytes)}, PSS {ByteSize.Format(process.ProportionalBytes)}, swap {ByteSize.Format(process.SwapBytes)}");
        lines.Add($"         anon {ByteSize.Format(process.ResidentAnonBytes)}, file {ByteSize.Format(process.ResidentFileBytes)}, shmem {ByteSize.Format(process.ResidentShmemBytes)}");
        var history = facts.ResidentHistory;
        var spark = Sparkline.Of(history, Math.Max(1, width - 40));
        lines.Add(history.Length == 0
            ? "History  none yet"
            : $"History  {spark} {ByteSize.Format(history.Min())}..{ByteSize.Format(history.Max())}, {history.Length} samples");
        var growth = double.IsNaN(judgement.GrowthBytesPerSecond) ? null : (double?)judgement.GrowthBytesPerSecond;
        var pattern = judgement.Pattern.Length > 0 ? $" ({judgement.Pattern})" : string.Empty;
        lines.Add($"Growth   {ByteSize.FormatRate(growth)}{pattern}");
        lines.Add($"Leak     risk {Score(judgement.LeakRisk)}");
        // Sentences go on as many lines as they need, indented under the label, so a narrow screen cuts no figure.
        lines.AddRange(TextFit.Wrap($"Forecast {Forecast(judgement, process.Container, system)}", width, Label));
        var reason = judgement.AnomalyReason.Length > 0 ? $" ({AnomalyReasonText.Display(judgement.AnomalyReason)})" : string.Empty;
        lines.AddRange(TextFit.Wrap($"Anomaly  score {Score(judgement.AnomalyScore)}{reason}", width, Label));
        lines.Add($"DNA      {facts.Dna?.HashText ?? "not yet (too few samples)"}, drift {Score(judgement.DnaDrift)} from its executable's baseline");
        lines.Add("Cgroup   " + Container(process.Container));

        var fitted = lines.Select(l => TextFit.Cut(l, width)).ToList();
        var left = height <= 0 ? int.MaxValue : height - fitted.Count - 1;
        if (facts.Maps is { } maps)
        {
            var table = MapsTable.Format(maps, null, width).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            fitted.AddRange(table.Take(Math.Max(0, left)).Select(l => TextFit.Cut(l.TrimEnd('\r'), width)));
        }
        else if (left > 0)
        {
            fitted.Add(TextFit.Cut($"Mappings {facts.MapsProblem ?? "not read"}", width));
        }

        fitted.Add(TextFit.Cut(MonitorKeys.DetailHint, width));
        return new MonitorFrame(fitted, -1, [process.Pid]);
    }

    private static string Score(double value) =>
        double.IsNaN(value) ? "- (warming up)" : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Names the limit that binds, the same rule the engine forecasts with: the smaller headroom of container and system.</summary>
    private static string Forecast(ProcessJudgement judgement, Collection.Containers.ContainerCgroup? container, SystemMemorySnapshot system)
    {
        var systemHeadroom = ExhaustionForecast.SystemHeadroomBytes(system);
        var containerHeadroom = container is null ? null : ExhaustionForecast.ContainerHeadroomBytes(container);
        string limit;
        if (containerHeadroom is { } c && (systemHeadroom is not { } s0 || c <= s0))
        {
            limit = $"container limit {ByteSize.Format(ExhaustionForecast.BindingLimitBytes(container!) ?? -1)} ({ByteSize.Format(c)} left)";
        }
        else if (systemHeadroom is { } s)
        {
            limit = $"system memory ({ByteSize.Format(s)} left)";
        }
        else
        {
            return "no limit known";
        }

        return judgement.ExhaustionSeconds is { } seconds ? $"reaches {limit} in {Duration(seconds)}" : $"not forecast to reach {limit}";
    }

    private static string Duration(double seconds) => seconds switch
    {
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min"),
        < 172800 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.0} days"),
    };

    private static string Container(Collection.Containers.ContainerCgroup? container)
    {
        if (container is not { IsContainer: true } c)
        {
            return container is null ? "unknown" : $"not in a container ({container.UnitPath})";
        }

        var id = c.Identity.ContainerId[..Math.Min(12, c.Identity.ContainerId.Length)];
        var names = c.Names;
        return names.Pod.Length > 0 ? $"container {id}, pod {names.Namespace}/{names.Pod}, container {names.Container}" : $"container {id}";
    }
}
