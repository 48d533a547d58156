namespace MemoryMonitor.Analysis.Optimisation;

/// <summary>How soon a suggestion deserves attention; sorted most urgent first.</summary>
public enum SuggestionPriority
{
    Critical,
    High,
    Medium,
    Low,
    Info,
}
