namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>
/// NAB's optimise-then-score run for one detector and profile: nab/optimizer.py sweeps every threshold over all files
/// together and keeps the best; nab/scorer.py then scores each file at that threshold and sums the files. Scores are
/// used at full precision: at ea702d7 nab/detectors/base.py writes results without rounding (older versions wrote
/// "%.3f", which merges every score above 0.9995 into one threshold).
/// </summary>
internal static class NabEvaluation
{
    /// <summary>nab/optimizer.py: the threshold with the highest corpus score; the highest threshold among equal scores.</summary>
    public static NabThresholdScore Optimise(NabProfile profile, IReadOnlyList<NabDataFile> files, IReadOnlyList<double[]> scores)
    {
        var sweeper = new NabSweeper(profile);
        var points = new List<NabAnomalyPoint>();
        var firstWindowId = 0;
        for (var f = 0; f < files.Count; f++)
        {
            sweeper.CalcSweepScore(files[f], scores[f], firstWindowId, points);
            firstWindowId += files[f].Windows.Length;
        }

        var best = default(NabThresholdScore);
        var first = true;
        foreach (var row in sweeper.CalcScoreByThreshold(points))
        {
            // Python's sorted(..., reverse=True)[0] is stable: the first (highest) threshold wins a tie.
            if (first || row.Score > best.Score)
            {
                best = row;
                first = false;
            }
        }

        return best;
    }

    /// <summary>nab/scorer.py: every file scored at <paramref name="threshold"/>, scores and counts summed.</summary>
    public static NabThresholdScore ScoreAt(NabProfile profile, IReadOnlyList<NabDataFile> files, IReadOnlyList<double[]> scores, double threshold)
    {
        var sweeper = new NabSweeper(profile);
        double total = 0;
        int tp = 0, tn = 0, fp = 0, fn = 0;
        for (var f = 0; f < files.Count; f++)
        {
            var row = sweeper.ScoreDataSet(files[f], scores[f], threshold);
            total += row.Score;
            tp += row.Tp;
            tn += row.Tn;
            fp += row.Fp;
            fn += row.Fn;
        }

        return new NabThresholdScore(threshold, total, tp, tn, fp, fn);
    }

    /// <summary>Optimises the threshold, scores at it and normalises against the null detector's raw score.</summary>
    public static NabResult Evaluate(string detector, NabProfile profile, IReadOnlyList<NabDataFile> files, IReadOnlyList<double[]> scores, double nullScore)
    {
        var threshold = Optimise(profile, files, scores).Threshold;
        return new NabResult(detector, profile, ScoreAt(profile, files, scores, threshold), nullScore, PerfectScore(profile, files));
    }

    /// <summary>nab/runner.py: every labelled window detected at its first row, tpWeight each.</summary>
    public static double PerfectScore(NabProfile profile, IReadOnlyList<NabDataFile> files)
    {
        var windows = 0;
        foreach (var file in files)
        {
            windows += file.Windows.Length;
        }

        return windows * profile.TpWeight;
    }
}
