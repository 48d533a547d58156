using System.Diagnostics;
using System.Globalization;
using System.Text;
using MemoryMonitor.Analysis.Anomaly;

namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>
/// The <c>nab</c> verb: scores the null and perfect detectors (self-checks of the scorer), NAB's windowed Gaussian
/// baseline and <see cref="SeriesAnomalyDetector"/> with its default options on a NAB checkout, and prints a markdown
/// table of normalised scores per profile. Exit code 1 if a self-check fails.
/// </summary>
internal static class NabBenchmark
{
    public static int Run(string root, IReadOnlyList<string> settings)
    {
        var files = NabCorpus.Load(root);
        var profiles = NabProfile.Load(Path.Combine(root, "config", "profiles.json"));
        var windows = 0;
        var rows = 0;
        foreach (var file in files)
        {
            windows += file.Windows.Length;
            rows += file.Rows;
        }

        Console.WriteLine($"NAB data: {root}: {files.Count} files, {rows} rows, {windows} windows");
        var options = ApplySettings(new AnomalyDetectorOptions(), settings);

        var nullScores = DetectAll(new NullNabDetector(), files, out _);
        var nullRaw = new Dictionary<string, double>();
        foreach (var profile in profiles)
        {
            var threshold = NabEvaluation.Optimise(profile, files, nullScores).Threshold;
            nullRaw[profile.Name] = NabEvaluation.ScoreAt(profile, files, nullScores, threshold).Score;
        }

        var failed = !SelfCheck(files, profiles, nullRaw);
        var detectors = new INabDetector[]
        {
            new NullNabDetector(),
            new PerfectNabDetector(),
            new WindowedGaussianNabDetector(),
            new SeriesAnomalyNabDetector(options),
        };

        var table = new StringBuilder();
        table.Append("| Detector |");
        foreach (var profile in profiles)
        {
            table.Append(CultureInfo.InvariantCulture, $" {profile.Name} |");
        }

        table.AppendLine(" threshold (standard) | FP rows (standard) |");
        table.Append("|---|");
        foreach (var _ in profiles)
        {
            table.Append("---:|");
        }

        table.AppendLine("---:|---:|");
        foreach (var detector in detectors)
        {
            var scores = DetectAll(detector, files, out var elapsed);
            table.Append(CultureInfo.InvariantCulture, $"| {detector.Name} |");
            NabResult? standard = null;
            foreach (var profile in profiles)
            {
                var result = NabEvaluation.Evaluate(detector.Name, profile, files, scores, nullRaw[profile.Name]);
                standard ??= result;
                table.Append(CultureInfo.InvariantCulture, $" {result.Normalised:F1} |");
            }

            table.AppendLine(CultureInfo.InvariantCulture, $" {standard!.Totals.Threshold:F3} | {standard.Totals.Fp} |");
            if (detector is SeriesAnomalyNabDetector)
            {
                if (Environment.GetEnvironmentVariable("NAB_PER_FILE") == "1")
                {
                    PrintPerFile(standard, files, scores);
                }

                Console.WriteLine($"{detector.Name}: {elapsed.TotalMicroseconds * 1000 / rows:F0} ns per observation (informational, not a benchmark)");
                Console.WriteLine($"{detector.Name}: {ConstructorBytes(options)} bytes allocated by one detector's constructor");
            }
        }

        Console.WriteLine();
        Console.Write(table.ToString());
        return failed ? 1 : 0;
    }

    private static List<double[]> DetectAll(INabDetector detector, IReadOnlyList<NabDataFile> files, out TimeSpan elapsed)
    {
        var stopwatch = Stopwatch.StartNew();
        var scores = new List<double[]>(files.Count);
        foreach (var file in files)
        {
            scores.Add(detector.Detect(file));
        }

        elapsed = stopwatch.Elapsed;
        return scores;
    }

    /// <summary>
    /// The scorer's own checks: the null detector normalises to 0 by construction; reading the labels must give 100; and
    /// the labels plus one extra detection before any window (after probation) must cost exactly that profile's fpWeight.
    /// </summary>
    private static bool SelfCheck(IReadOnlyList<NabDataFile> files, IReadOnlyList<NabProfile> profiles, Dictionary<string, double> nullRaw)
    {
        var perfect = DetectAll(new PerfectNabDetector(), files, out _);
        var withFalsePositive = new List<double[]>(perfect.Count);
        var placed = false;
        var sweeper = new NabSweeper(profiles[0]);
        foreach (var (file, scores) in files.Zip(perfect))
        {
            var copy = (double[])scores.Clone();
            var probation = (int)sweeper.ProbationaryLength(file.Rows);
            if (!placed && file.Windows.Length > 0 && file.Windows[0].Start > probation + 1)
            {
                copy[probation + 1] = 1.0;
                placed = true;
            }

            withFalsePositive.Add(copy);
        }

        var ok = placed;
        foreach (var profile in profiles)
        {
            var perfectResult = NabEvaluation.Evaluate("perfect", profile, files, perfect, nullRaw[profile.Name]);
            var fpResult = NabEvaluation.Evaluate("perfect+1FP", profile, files, withFalsePositive, nullRaw[profile.Name]);
            var cost = perfectResult.Totals.Score - fpResult.Totals.Score;
            var checks = (
                Null: nullRaw[profile.Name] == -NabEvaluation.PerfectScore(profile, files) / profile.TpWeight * profile.FnWeight,
                Perfect: Math.Abs(perfectResult.Normalised - 100) < 1e-9,
                FalsePositive: Math.Abs(cost - profile.FpWeight) < 1e-9);
            ok &= checks.Null && checks.Perfect && checks.FalsePositive;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"self-check {profile.Name}: null raw {nullRaw[profile.Name]:F3} = -fnWeight x windows: {Verdict(checks.Null)}; " +
                $"labels score {perfectResult.Normalised:F3}: {Verdict(checks.Perfect)}; " +
                $"one early false positive costs {cost:F4} (fpWeight {profile.FpWeight}): {Verdict(checks.FalsePositive)}"));
        }

        return ok;
    }

    /// <summary>Per file at the standard threshold: raw score, windows detected, false-positive rows.</summary>
    private static void PrintPerFile(NabResult result, IReadOnlyList<NabDataFile> files, List<double[]> scores)
    {
        var sweeper = new NabSweeper(result.Profile);
        for (var f = 0; f < files.Count; f++)
        {
            var row = sweeper.ScoreDataSet(files[f], scores[f], result.Totals.Threshold);
            var detected = 0;
            foreach (var window in files[f].Windows)
            {
                for (var i = window.Start; i <= window.End; i++)
                {
                    if (scores[f][i] >= result.Totals.Threshold)
                    {
                        detected++;
                        break;
                    }
                }
            }

            var probation = (int)sweeper.ProbationaryLength(files[f].Rows);
            double inside = 0, outside = 0;
            for (var i = probation; i < files[f].Rows; i++)
            {
                var inWindow = Array.Exists(files[f].Windows, w => w.Start <= i && i <= w.End);
                if (inWindow)
                {
                    inside = Math.Max(inside, scores[f][i]);
                }
                else
                {
                    outside = Math.Max(outside, scores[f][i]);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {files[f].Name}: score {row.Score:F2}, windows {detected}/{files[f].Windows.Length}, FP rows {row.Fp}, max in windows {inside:F4}, max outside {outside:F4}"));
        }
    }

    /// <summary>The memory one detector holds from the start: what its constructor allocates, averaged over 100
    /// constructions after a first (so one-time JIT and static allocations are not counted).</summary>
    private static long ConstructorBytes(AnomalyDetectorOptions options)
    {
        const int Count = 100;
        var detectors = new SeriesAnomalyDetector[Count];
        GC.KeepAlive(new SeriesAnomalyDetector(options));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            detectors[i] = new SeriesAnomalyDetector(options);
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(detectors);
        return bytes / Count;
    }

    private static string Verdict(bool ok) => ok ? "ok" : "FAILED";

    /// <summary>Name=Value overrides of the detector's defaults, for exploring; the published figures use none.</summary>
    internal static AnomalyDetectorOptions ApplySettings(AnomalyDetectorOptions options, IReadOnlyList<string> settings)
    {
        foreach (var setting in settings)
        {
            var parts = setting.Split('=', 2);
            var value = parts.Length == 2 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : throw new ArgumentException($"expected Name=Value, got '{setting}'");
            options = parts[0] switch
            {
                nameof(AnomalyDetectorOptions.WindowLength) => options with { WindowLength = (int)value },
                nameof(AnomalyDetectorOptions.WarmUpObservations) => options with { WarmUpObservations = (int)value },
                nameof(AnomalyDetectorOptions.EwmaAlpha) => options with { EwmaAlpha = value },
                nameof(AnomalyDetectorOptions.EwmaClipDeviations) => options with { EwmaClipDeviations = value },
                nameof(AnomalyDetectorOptions.LevelShiftLength) => options with { LevelShiftLength = (int)value },
                nameof(AnomalyDetectorOptions.SeasonRecheckInterval) => options with { SeasonRecheckInterval = (int)value },
                nameof(AnomalyDetectorOptions.MinSeasonPeriod) => options with { MinSeasonPeriod = (int)value },
                nameof(AnomalyDetectorOptions.MinSeasonCorrelation) => options with { MinSeasonCorrelation = value },
                nameof(AnomalyDetectorOptions.CoarseBlockLength) => options with { CoarseBlockLength = (int)value },
                nameof(AnomalyDetectorOptions.CoarseWindowLength) => options with { CoarseWindowLength = (int)value },
                nameof(AnomalyDetectorOptions.ContextLength) => options with { ContextLength = (int)value },
                nameof(AnomalyDetectorOptions.ContextLevels) => options with { ContextLevels = (int)value },
                nameof(AnomalyDetectorOptions.ContextTableSize) => options with { ContextTableSize = (int)value },
                nameof(AnomalyDetectorOptions.RawScoreScale) => options with { RawScoreScale = value },
                nameof(AnomalyDetectorOptions.AlertRefractoryPeriod) => options with { AlertRefractoryPeriod = (int)value },
                nameof(AnomalyDetectorOptions.RelativeScaleFloor) => options with { RelativeScaleFloor = value },
                nameof(AnomalyDetectorOptions.LikelihoodLearningPeriod) => options with { LikelihoodLearningPeriod = (int)value },
                nameof(AnomalyDetectorOptions.LikelihoodEstimationSamples) => options with { LikelihoodEstimationSamples = (int)value },
                nameof(AnomalyDetectorOptions.LikelihoodHistoryLength) => options with { LikelihoodHistoryLength = (int)value },
                nameof(AnomalyDetectorOptions.LikelihoodReestimationPeriod) => options with { LikelihoodReestimationPeriod = (int)value },
                nameof(AnomalyDetectorOptions.LikelihoodAveragingWindow) => options with { LikelihoodAveragingWindow = (int)value },
                nameof(AnomalyDetectorOptions.RangeBreakoutTolerance) => options with { RangeBreakoutTolerance = value },
                _ => throw new ArgumentException($"unknown detector setting '{parts[0]}'"),
            };
        }

        options.Validate();
        return options;
    }
}
