namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>One recording or alerting rule as written in a rule file.</summary>
internal sealed record RuleDefinition(
    string File,
    string? Record,
    string? Alert,
    string Expr,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    public string Name => Alert ?? Record ?? "(unnamed)";

    public override string ToString() => $"{Name} ({File}, severity {Labels.GetValueOrDefault("severity", "none")})";
}
