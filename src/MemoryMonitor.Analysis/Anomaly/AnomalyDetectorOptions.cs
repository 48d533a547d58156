namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// Settings of <see cref="SeriesAnomalyDetector"/>. The defaults were chosen once, over every file of the NAB subset
/// together; their leave-one-group-out cross-validated score (the honest figure) is in docs/anomaly-detection.md.
/// Nothing is tuned per series, the detector adapts to each series by itself.
/// </summary>
public sealed record AnomalyDetectorOptions
{
    /// <summary>Values kept for the median, MAD and autocorrelation. Memory per detector is about 16 bytes per value.</summary>
    public int WindowLength { get; init; } = 640;

    /// <summary>Observations before the first non-zero score: fewer values give no trustworthy median or MAD.</summary>
    public int WarmUpObservations { get; init; } = 32;

    /// <summary>Weight of the newest value in the exponentially weighted baseline and variance (0.05 ≈ a 20-sample memory).</summary>
    public double EwmaAlpha { get; init; } = 0.05;

    /// <summary>
    /// A value further than this many deviations from the EWMA baseline enters it clipped to this distance, so one spike
    /// does not inflate the variance that judges the next values; a real level shift still moves the baseline, slower.
    /// </summary>
    public double EwmaClipDeviations { get; init; } = 4.0;

    /// <summary>Values whose median is compared with the window's median to see a sustained level shift.</summary>
    public int LevelShiftLength { get; init; } = 4;

    /// <summary>Observations between two searches for a period (autocorrelation of the whole window).</summary>
    public int SeasonRecheckInterval { get; init; } = 64;

    /// <summary>Shortest period looked for; shorter cycles are noise at the sampling rate.</summary>
    public int MinSeasonPeriod { get; init; } = 4;

    /// <summary>
    /// Autocorrelation at the period needed to treat the series as periodic. Below it a cycle is too weak to predict a
    /// value from the one a period ago better than the window median does.
    /// </summary>
    public double MinSeasonCorrelation { get; init; } = 0.6;

    /// <summary>
    /// Values averaged into one block of the coarse seasonal view (<see cref="CoarseSeason"/>), which looks for a period
    /// longer than the window can hold. 0 turns it off.
    /// </summary>
    public int CoarseBlockLength { get; init; } = 8;

    /// <summary>Block means the coarse seasonal view keeps (8 bytes each): 96 blocks of 8 values span 768 observations.</summary>
    public int CoarseWindowLength { get; init; } = 96;

    /// <summary>
    /// Previous values in the longest context of the context-novelty view (<see cref="ContextNovelty"/>, after CAD OSE):
    /// contexts of 2 … ContextLength + 1 quantised values are looked up. 0 turns it off.
    /// </summary>
    public int ContextLength { get; init; }

    /// <summary>Levels the context-novelty view quantises the running range into (CAD OSE: 8, three bits).</summary>
    public int ContextLevels { get; init; } = 8;

    /// <summary>Context keys the context-novelty view remembers (4 bytes each; a power of two).</summary>
    public int ContextTableSize { get; init; } = 256;

    /// <summary>
    /// Deviations that give a raw surprise of 0.5 (raw = d²/(d² + scale²)), the input of the anomaly likelihood. The
    /// likelihood judges the raw surprise against the series' own history, so this sets how fast the raw score
    /// saturates, not an alert threshold.
    /// </summary>
    public double RawScoreScale { get; init; } = 6.0;

    /// <summary>
    /// Observations after an alert (score ≥ 0.5) during which further scores are capped at 0.3, so one incident raises
    /// one alert. Range breakouts are not capped.
    /// </summary>
    public int AlertRefractoryPeriod { get; init; } = 50;

    /// <summary>
    /// Smallest deviation unit as a fraction of the median's magnitude. A perfectly flat series (MAD 0) would otherwise
    /// call a one-page change of a 1 GiB resident set infinitely anomalous.
    /// </summary>
    public double RelativeScaleFloor { get; init; } = 1e-3;

    /// <summary>
    /// Observations whose raw scores are left out of the anomaly likelihood's model (<see cref="AnomalyLikelihood"/>):
    /// the raw scorer is still settling then.
    /// </summary>
    public int LikelihoodLearningPeriod { get; init; } = 100;

    /// <summary>Observations after the learning period before the first likelihood; until then the score stays low.</summary>
    public int LikelihoodEstimationSamples { get; init; } = 200;

    /// <summary>Observations of raw-score history the likelihood's normal fit covers (nupic: 8,640).</summary>
    public int LikelihoodHistoryLength { get; init; } = 8600;

    /// <summary>Observations between two fits of the likelihood's model (nupic: 100). Memory is 24 bytes per period.</summary>
    public int LikelihoodReestimationPeriod { get; init; } = 100;

    /// <summary>Raw scores in the moving average the likelihood judges (nupic: 10).</summary>
    public int LikelihoodAveragingWindow { get; init; } = 10;

    /// <summary>
    /// A value beyond the range seen so far by more than this fraction of the range scores 1 whatever the likelihood
    /// says (NAB's numenta detector, SPATIAL_TOLERANCE 0.05). 0 turns it off.
    /// </summary>
    public double RangeBreakoutTolerance { get; init; } = 0.05;

    /// <summary>Throws, naming the setting, the value and what is valid, if a setting is out of range.</summary>
    public void Validate()
    {
        Require(WindowLength is >= 32 and <= 4096, nameof(WindowLength), WindowLength, "an integer from 32 to 4096");
        Require(WarmUpObservations >= 8 && WarmUpObservations <= WindowLength, nameof(WarmUpObservations), WarmUpObservations, $"from 8 to WindowLength ({WindowLength})");
        Require(EwmaAlpha is > 0 and < 1, nameof(EwmaAlpha), EwmaAlpha, "greater than 0 and less than 1");
        Require(EwmaClipDeviations is >= 1 and <= 1000, nameof(EwmaClipDeviations), EwmaClipDeviations, "from 1 to 1000");
        Require(LevelShiftLength >= 2 && LevelShiftLength <= WindowLength / 4, nameof(LevelShiftLength), LevelShiftLength, $"from 2 to WindowLength/4 ({WindowLength / 4})");
        Require(SeasonRecheckInterval is >= 1 and <= 100_000, nameof(SeasonRecheckInterval), SeasonRecheckInterval, "from 1 to 100000");
        Require(MinSeasonPeriod >= 2 && MinSeasonPeriod <= WindowLength / 2, nameof(MinSeasonPeriod), MinSeasonPeriod, $"from 2 to WindowLength/2 ({WindowLength / 2})");
        Require(MinSeasonCorrelation is > 0 and < 1, nameof(MinSeasonCorrelation), MinSeasonCorrelation, "greater than 0 and less than 1");
        Require(CoarseBlockLength is >= 0 and <= 10_000, nameof(CoarseBlockLength), CoarseBlockLength, "from 0 (off) to 10000");
        Require(CoarseWindowLength >= 4 * MinSeasonPeriod && CoarseWindowLength <= 4096, nameof(CoarseWindowLength), CoarseWindowLength, $"from 4 x MinSeasonPeriod ({4 * MinSeasonPeriod}) to 4096");
        Require(ContextLength is >= 0 and <= 7, nameof(ContextLength), ContextLength, "from 0 (off) to 7");
        Require(ContextLevels is >= 2 and <= 64, nameof(ContextLevels), ContextLevels, "from 2 to 64");
        Require(ContextLength == 0 || (ContextLength + 1) * ContextNovelty.BitsFor(ContextLevels) <= 24, nameof(ContextLength), ContextLength, "(ContextLength + 1) x bits per level of ContextLevels at most 24 (the packed context)");
        Require(ContextTableSize is >= 4 and <= 1 << 20 && (ContextTableSize & (ContextTableSize - 1)) == 0, nameof(ContextTableSize), ContextTableSize, "a power of two from 4 to 1048576");
        Require(RawScoreScale is > 0 and <= 1000, nameof(RawScoreScale), RawScoreScale, "greater than 0, at most 1000");
        Require(AlertRefractoryPeriod is >= 0 and <= 1_000_000, nameof(AlertRefractoryPeriod), AlertRefractoryPeriod, "from 0 (off) to 1000000");
        Require(LikelihoodLearningPeriod is >= 0 and <= 1_000_000, nameof(LikelihoodLearningPeriod), LikelihoodLearningPeriod, "from 0 to 1000000");
        Require(LikelihoodEstimationSamples is >= 1 and <= 1_000_000, nameof(LikelihoodEstimationSamples), LikelihoodEstimationSamples, "from 1 to 1000000");
        Require(LikelihoodReestimationPeriod is >= 1 and <= 100_000, nameof(LikelihoodReestimationPeriod), LikelihoodReestimationPeriod, "from 1 to 100000");
        Require(LikelihoodHistoryLength >= LikelihoodReestimationPeriod && LikelihoodHistoryLength <= 10_000_000, nameof(LikelihoodHistoryLength), LikelihoodHistoryLength, $"from LikelihoodReestimationPeriod ({LikelihoodReestimationPeriod}) to 10000000");
        Require(LikelihoodAveragingWindow is >= 1 and <= 1000, nameof(LikelihoodAveragingWindow), LikelihoodAveragingWindow, "from 1 to 1000");
        Require(RangeBreakoutTolerance is >= 0 and <= 100, nameof(RangeBreakoutTolerance), RangeBreakoutTolerance, "from 0 (off) to 100");
        Require(RelativeScaleFloor is >= 0 and < 1, nameof(RelativeScaleFloor), RelativeScaleFloor, "from 0 to less than 1");
    }

    private static void Require(bool valid, string setting, object value, string expected)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(setting, value, $"Anomaly detector setting {setting} = {value} is invalid: expected {expected}.");
        }
    }
}
