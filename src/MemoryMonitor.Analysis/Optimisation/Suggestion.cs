namespace MemoryMonitor.Analysis.Optimisation;

/// <summary>One concrete suggestion with the evidence behind it and, rarely, a safe action that carries it out.</summary>
public sealed record Suggestion(SuggestionPriority Priority, string Category, string Title, string Evidence, SafeAction Action = SafeAction.None);
