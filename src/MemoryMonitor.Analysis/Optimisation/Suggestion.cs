namespace MemoryMonitor.Analysis.Optimisation;

/// <summary>One concrete suggestion with the evidence behind it and, rarely, a safe action that carries it out.</summary>
/// <param name="Priority">How soon it deserves attention.</param>
/// <param name="Category">Stable kebab-case kind ("leak", "swap", "top-consumer").</param>
/// <param name="Title">What to do, as a sentence the host renders (see <see cref="Evidence"/>).</param>
/// <param name="Evidence">
/// What was seen, as a sentence the host renders: amounts of memory are <see cref="Health.ByteCount"/> and lengths
/// of time <see cref="Health.SecondCount"/> arguments, so Analysis holds no formatting for people.
/// </param>
/// <param name="Action">The safe action that carries it out, if any.</param>
public sealed record Suggestion(SuggestionPriority Priority, string Category, FormattableString Title, FormattableString Evidence, SafeAction Action = SafeAction.None);
