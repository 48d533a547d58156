namespace MemoryMonitor.Cli.Reports;

/// <summary>What `memmon optimize --report` found: health, its factors, prioritised suggestions and what (if anything) was applied.</summary>
internal sealed record OptimizeReport(
    DateTimeOffset At,
    double ObservedSeconds,
    double HealthScore,
    IReadOnlyList<HealthFactorReport> Factors,
    IReadOnlyList<SuggestionReport> Suggestions,
    IReadOnlyList<string> Applied);

internal sealed record HealthFactorReport(string Name, double Penalty, string Evidence);

internal sealed record SuggestionReport(string Priority, string Category, string Title, string Evidence, string? SafeAction);
