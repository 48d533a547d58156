using System.Diagnostics;
using System.Globalization;
using MemoryMonitor.Analysis.Anomaly;
using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>
/// The <c>nab-cv</c> verb: leave-one-group-out cross-validation of <see cref="SeriesAnomalyDetector"/> over the NAB
/// groups (the folders under data/). For each held-out group, every grid setting is scored on the other groups alone
/// (NAB's optimiser picks each setting's threshold there, the best normalised standard score picks the setting), then
/// the held-out group is scored with that setting at that threshold. The detector has no state across files, so each
/// setting runs once over the corpus and the folds only re-split the scores.
/// <para>
/// A group without windows (artificialNoAnomaly) has no normalised score (perfect = null = 0): its fold reports the raw
/// score (false-positive cost) and rows, the mean is over the folds that have windows, and the pooled figure sums
/// every fold's held-out raw score (that one included) and normalises it over the whole corpus, as NAB normalises a
/// corpus: the NAB-consistent cross-validated figure.
/// </para>
/// </summary>
internal static class NabCrossValidation
{
    public static int Run(string root, IReadOnlyList<string> arguments)
    {
        var files = NabCorpus.Load(root);
        var profile = NabProfile.Load(Path.Combine(root, "config", "profiles.json")).Single(p => p.Name == "standard");
        var grid = Grid(arguments);
        var groups = files.Select(Group).Distinct().Order(StringComparer.Ordinal).ToArray();
        Console.WriteLine($"NAB data: {root}: {files.Count} files in {groups.Length} groups, {files.Sum(f => f.Rows)} rows, {files.Sum(f => f.Windows.Length)} windows; profile standard");
        Console.WriteLine($"grid: {grid.Count} settings");

        var stopwatch = Stopwatch.StartNew();
        var nullScores = files.Select(new NullNabDetector().Detect).ToArray();
        var scored = new List<(string Label, double[][] Scores)>(grid.Count);
        foreach (var (label, options) in grid)
        {
            var detector = new SeriesAnomalyNabDetector(options);
            scored.Add((label, files.Select(detector.Detect).ToArray()));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"detection: {stopwatch.Elapsed.TotalSeconds:F1} s for {grid.Count} settings"));
        Console.WriteLine();
        Console.WriteLine("| held-out group | windows | setting chosen on the other groups | training score | threshold | held-out raw | held-out normalised | windows detected | FP rows | held-out at the alert level |");
        Console.WriteLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|");

        // The agent alerts at a fixed level, not at a threshold fitted to data: the held-out groups are scored there too.
        var alertLevel = new AnalysisSettings().AnomalyThreshold;
        var normalised = new List<double>();
        var atAlertLevel = new List<double>();
        double pooledRaw = 0, pooledNull = 0, pooledPerfect = 0, pooledAtAlert = 0;
        foreach (var group in groups)
        {
            var train = Indices(files, f => Group(f) != group);
            var test = Indices(files, f => Group(f) == group);
            var trainFiles = Pick(files, train);
            var testFiles = Pick(files, test);

            // The setting and its threshold, from the training groups alone.
            var trainNull = NullRaw(profile, trainFiles, Pick(nullScores, train));
            var best = (Label: "", Normalised: double.NegativeInfinity, Threshold: 0.0, Index: -1);
            for (var s = 0; s < scored.Count; s++)
            {
                var result = NabEvaluation.Evaluate(scored[s].Label, profile, trainFiles, Pick(scored[s].Scores, train), trainNull);
                if (result.Normalised > best.Normalised)
                {
                    best = (scored[s].Label, result.Normalised, result.Totals.Threshold, s);
                }
            }

            var testScores = Pick(scored[best.Index].Scores, test);
            var held = NabEvaluation.ScoreAt(profile, testFiles, testScores, best.Threshold);
            var heldAtAlert = NabEvaluation.ScoreAt(profile, testFiles, testScores, alertLevel);
            pooledAtAlert += heldAtAlert.Score;
            var testNull = NullRaw(profile, testFiles, Pick(nullScores, test));
            var perfect = NabEvaluation.PerfectScore(profile, testFiles);
            pooledRaw += held.Score;
            pooledNull += testNull;
            pooledPerfect += perfect;
            var windows = testFiles.Sum(f => f.Windows.Length);
            string heldNormalised;
            if (windows > 0)
            {
                var value = 100 * (held.Score - testNull) / (perfect - testNull);
                normalised.Add(value);
                atAlertLevel.Add(100 * (heldAtAlert.Score - testNull) / (perfect - testNull));
                heldNormalised = value.ToString("F1", CultureInfo.InvariantCulture);
            }
            else
            {
                heldNormalised = "n/a (no windows)";
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group} | {windows} | {best.Label} | {best.Normalised:F1} | {best.Threshold:F3} | {held.Score:F2} | {heldNormalised} | {Detected(testFiles, testScores, best.Threshold)} | {held.Fp} | {(windows > 0 ? atAlertLevel[^1].ToString("F1", CultureInfo.InvariantCulture) : $"raw {heldAtAlert.Score:F2}")}, {heldAtAlert.Fp} FP rows |"));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cross-validated mean over the {normalised.Count} folds with windows: {normalised.Average():F1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cross-validated pooled (every fold's held-out raw score, normalised over the corpus): {100 * (pooledRaw - pooledNull) / (pooledPerfect - pooledNull):F1}"));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"at the agent's alert level {alertLevel} (AnalysisSettings.AnomalyThreshold, no threshold fitted), same settings: mean {atAlertLevel.Average():F1}, pooled {100 * (pooledAtAlert - pooledNull) / (pooledPerfect - pooledNull):F1}"));

        // In-sample, for comparison: each setting with its threshold optimised on every file. Printed: the best, and the
        // shipped defaults at the grid's window if the grid holds them (NAB_CV_ALL=1: every setting).
        var allNull = NullRaw(profile, files, nullScores);
        var printAll = Environment.GetEnvironmentVariable("NAB_CV_ALL") == "1";
        var inSample = scored.Select((s, i) => (s.Label, Options: grid[i].Options, Result: NabEvaluation.Evaluate(s.Label, profile, files, s.Scores, allNull))).ToList();
        var bestInSample = inSample.MaxBy(s => s.Result.Normalised);
        for (var s = 0; s < inSample.Count; s++)
        {
            var (label, options, result) = inSample[s];
            var scores = scored[s].Scores;
            var shipped = options == new AnomalyDetectorOptions { WindowLength = options.WindowLength };
            if (printAll || shipped || label == bestInSample.Label)
            {
                var note = (shipped ? " (shipped defaults at this window)" : "") + (label == bestInSample.Label ? " (best in-sample)" : "");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"all groups (in-sample), {label}{note}: {result.Normalised:F1} (threshold {result.Totals.Threshold:F3}, {result.Totals.Fp} FP rows); at the alert level {alertLevel}: {100 * (NabEvaluation.ScoreAt(profile, files, scores, alertLevel).Score - allNull) / (result.PerfectScore - allNull):F1}"));
            }
        }

        return 0;
    }

    /// <summary>
    /// Name=Value fixes a setting for every grid point, Name=v1,v2,... makes it a grid axis; the grid is every
    /// combination. No axis: the one setting given (the defaults if nothing is given), so only the threshold is chosen
    /// per fold.
    /// </summary>
    private static List<(string Label, AnomalyDetectorOptions Options)> Grid(IReadOnlyList<string> arguments)
    {
        var grid = new List<(string Label, List<string> Settings)> { ("", []) };
        foreach (var argument in arguments)
        {
            var parts = argument.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new ArgumentException($"expected Name=Value or Name=v1,v2,..., got '{argument}'");
            }

            var values = parts[1].Split(',');
            var fixedSetting = values.Length == 1;
            grid = [.. grid.SelectMany(g => values.Select(v => (
                Label: fixedSetting ? g.Label : $"{g.Label}{(g.Label.Length > 0 ? " " : "")}{parts[0]}={v}",
                Settings: g.Settings.Append($"{parts[0]}={v}").ToList())))];
        }

        return [.. grid.Select(g => (g.Label.Length > 0 ? g.Label : "as given", NabBenchmark.ApplySettings(new AnomalyDetectorOptions(), g.Settings)))];
    }

    private static string Group(NabDataFile file) => file.Name.Split('/', 2)[0];

    private static int[] Indices(IReadOnlyList<NabDataFile> files, Func<NabDataFile, bool> keep) =>
        [.. Enumerable.Range(0, files.Count).Where(i => keep(files[i]))];

    private static T[] Pick<T>(IReadOnlyList<T> items, int[] indices) => [.. indices.Select(i => items[i])];

    /// <summary>NAB's null detector run through the same optimise-and-score on these files: the normalisation's zero.</summary>
    private static double NullRaw(NabProfile profile, IReadOnlyList<NabDataFile> files, IReadOnlyList<double[]> nullScores) =>
        NabEvaluation.ScoreAt(profile, files, nullScores, NabEvaluation.Optimise(profile, files, nullScores).Threshold).Score;

    private static string Detected(NabDataFile[] files, double[][] scores, double threshold)
    {
        int detected = 0, windows = 0;
        for (var f = 0; f < files.Length; f++)
        {
            foreach (var window in files[f].Windows)
            {
                windows++;
                for (var i = window.Start; i <= window.End; i++)
                {
                    if (scores[f][i] >= threshold)
                    {
                        detected++;
                        break;
                    }
                }
            }
        }

        return $"{detected}/{windows}";
    }
}
