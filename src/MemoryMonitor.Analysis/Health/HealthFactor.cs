namespace MemoryMonitor.Analysis.Health;

/// <summary>One reason the health score is below 100: the points it cost and the evidence.</summary>
/// <param name="Name">Stable snake_case name, also the label of the exported penalty.</param>
/// <param name="Penalty">Points taken off the score, rounded to 0.1.</param>
/// <param name="Evidence">
/// What was seen, as a sentence the host renders: amounts of memory are <see cref="ByteCount"/> and lengths of
/// time <see cref="SecondCount"/> arguments, so Analysis holds no formatting for people and the agent, which
/// scores health every tick but shows no evidence, never renders it.
/// </param>
public sealed record HealthFactor(string Name, double Penalty, FormattableString Evidence);
