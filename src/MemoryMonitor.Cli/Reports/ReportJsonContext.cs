using System.Text.Json.Serialization;

namespace MemoryMonitor.Cli.Reports;

/// <summary>Source-generated JSON for the reports (no reflection, so the CLI stays trimmable and AOT-ready).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TrackReport))]
[JsonSerializable(typeof(OptimizeReport))]
[JsonSerializable(typeof(MapsReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
