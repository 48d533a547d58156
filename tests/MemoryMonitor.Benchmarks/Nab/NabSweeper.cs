namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>
/// A port of NAB's nab/sweeper.py (numenta/NAB at ea702d7, the commit this data set was taken from), which both the
/// optimiser (nab/optimizer.py) and the scorer (nab/scorer.py) call. Kept line for line close to the Python so the
/// two can be compared; the comments quote where NAB's behaviour is surprising but deliberate.
/// </summary>
internal sealed class NabSweeper(NabProfile profile, double probationPercent = NabSweeper.DefaultProbationPercent)
{
    public const double DefaultProbationPercent = 0.15;

    // scaledSigmoid(-1.0): the credit of a detection at a window's first row, which NAB divides by so that it is worth
    // exactly tpWeight.
    private static readonly double MaxTp = ScaledSigmoid(-1.0);

    /// <summary>
    /// NAB's scaled sigmoid: 2*sigmoid(-5x) - 1, and -1 for x > 3. x = -1 is a window's left edge (0.987), 0 its right
    /// edge (0), positive x a false positive that many window widths after the previous window.
    /// </summary>
    public static double ScaledSigmoid(double relativePositionInWindow) =>
        relativePositionInWindow > 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * relativePositionInWindow))) - 1.0;

    /// <summary>min(floor(15% of rows), 15% of 5000): NAB's probation, written exactly as in sweeper.py.</summary>
    public double ProbationaryLength(int rows) => Math.Min(Math.Floor(probationPercent * rows), probationPercent * 5000);

    /// <summary>NAB's <c>calcSweepScore</c>: one point per row, appended to <paramref name="into"/>.</summary>
    /// <param name="firstWindowId">Corpus-wide id of the file's first window, so windows of different files stay apart.</param>
    public void CalcSweepScore(NabDataFile file, ReadOnlySpan<double> anomalyScores, int firstWindowId, List<NabAnomalyPoint> into)
    {
        if (anomalyScores.Length != file.Rows)
        {
            throw new ArgumentException($"{file.Name}: {anomalyScores.Length} scores for {file.Rows} rows", nameof(anomalyScores));
        }

        var probationaryLength = ProbationaryLength(file.Rows);
        var nextWindow = 0;
        var current = -1;
        var previous = -1;
        for (var i = 0; i < file.Rows; i++)
        {
            if (nextWindow < file.Windows.Length && i == file.Windows[nextWindow].Start)
            {
                current = nextWindow++;
            }

            double weighted;
            if (current >= 0)
            {
                var window = file.Windows[current];
                // "-(curWindowRightIndex - i + 1) / curWindowWidth": the first row of a window is at -1.0, the last at
                // -1/width, so a detection is never worth exactly 0.
                var position = -(window.End - i + 1) / (double)window.Width;
                weighted = ScaledSigmoid(position) * profile.TpWeight / MaxTp;
            }
            else if (previous < 0)
            {
                // No window yet: scored as if far from any window.
                weighted = -1.0 * profile.FpWeight;
            }
            else
            {
                var window = file.Windows[previous];
                var position = Math.Abs(window.End - i) / (double)(window.Width - 1);
                weighted = ScaledSigmoid(position) * profile.FpWeight;
            }

            var windowName = i >= probationaryLength
                ? (current >= 0 ? firstWindowId + current : NabAnomalyPoint.Outside)
                : NabAnomalyPoint.Probationary;
            into.Add(new NabAnomalyPoint(anomalyScores[i], weighted, windowName));

            if (current >= 0 && i == file.Windows[current].End)
            {
                previous = current;
                current = -1;
            }
        }
    }

    /// <summary>
    /// NAB's <c>calcScoreByThreshold</c>: walk the rows from the highest score down; every distinct score is a threshold
    /// at which all rows scoring at least that much are detections. A window counts -fnWeight until one of its rows is a
    /// detection, then the best (earliest) detection's credit; false positives add up.
    /// </summary>
    public List<NabThresholdScore> CalcScoreByThreshold(IReadOnlyList<NabAnomalyPoint> anomalyList)
    {
        var scorable = new List<NabAnomalyPoint>(anomalyList.Count);
        var windowParts = new Dictionary<int, double>();
        foreach (var point in anomalyList)
        {
            if (point.Window == NabAnomalyPoint.Probationary)
            {
                continue;
            }

            scorable.Add(point);
            if (point.Window >= 0)
            {
                windowParts[point.Window] = -profile.FnWeight;
            }
        }

        // Python's sorted(..., reverse=True) is stable; order among equal scores does not change any stored threshold.
        scorable.Sort((a, b) => b.AnomalyScore.CompareTo(a.AnomalyScore));

        var fpPart = 0.0;
        var tn = 0;
        var fn = 0;
        foreach (var point in scorable)
        {
            if (point.Window == NabAnomalyPoint.Outside)
            {
                tn++;
            }
            else
            {
                fn++;
            }
        }

        var tp = 0;
        var fp = 0;
        var scores = new List<NabThresholdScore>();
        // Above every score: nothing is detected, the full false-negative score.
        var threshold = 1.1;
        foreach (var point in scorable)
        {
            if (point.AnomalyScore != threshold)
            {
                scores.Add(new NabThresholdScore(threshold, Sum(fpPart, windowParts), tp, tn, fp, fn));
                threshold = point.AnomalyScore;
            }

            if (point.Window == NabAnomalyPoint.Outside)
            {
                fp++;
                tn--;
                fpPart += point.SweepScore;
            }
            else
            {
                tp++;
                fn--;
                windowParts[point.Window] = Math.Max(windowParts[point.Window], point.SweepScore);
            }
        }

        scores.Add(new NabThresholdScore(threshold, Sum(fpPart, windowParts), tp, tn, fp, fn));
        return scores;
    }

    /// <summary>
    /// NAB's <c>scoreDataSet</c>: the file's score at a threshold chosen over the whole corpus, i.e. the row for the
    /// highest threshold not above it. NAB's Python fails when the threshold is below every score of the file; here that
    /// case takes the last (lowest) threshold, everything detected.
    /// </summary>
    public NabThresholdScore ScoreDataSet(NabDataFile file, ReadOnlySpan<double> anomalyScores, double threshold)
    {
        var points = new List<NabAnomalyPoint>(file.Rows);
        CalcSweepScore(file, anomalyScores, 0, points);
        var byThreshold = CalcScoreByThreshold(points);
        NabThresholdScore? previous = null;
        foreach (var row in byThreshold)
        {
            if (row.Threshold == threshold)
            {
                return row;
            }

            if (row.Threshold < threshold)
            {
                return previous ?? row;
            }

            previous = row;
        }

        return byThreshold[^1];
    }

    private static double Sum(double fpPart, Dictionary<int, double> windowParts)
    {
        // Python sums the dict's values in insertion order starting from "fp"; the same order here.
        var sum = fpPart;
        foreach (var part in windowParts.Values)
        {
            sum += part;
        }

        return sum;
    }
}
