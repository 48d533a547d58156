using System.Collections.ObjectModel;
using MemoryMonitor.Agent.Security;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Baselines;
using MemoryMonitor.Collection;

namespace MemoryMonitor.Agent.Configuration;

/// <summary>
/// Everything `memmon serve` can be told, with the embedded defaults (help prints them from here, through
/// <see cref="AgentSettings"/>). Options built in code are checked by <see cref="AgentOptionsValidator"/> when the host is built.
/// </summary>
public sealed record AgentOptions
{
    /// <summary>9897: free in the Prometheus default-port allocations next to the exporters it sits beside.</summary>
    public string ListenHost { get; init; } = "0.0.0.0";

    public int ListenPort { get; init; } = 9897;

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(15);

    public int TopProcesses { get; init; } = 100;

    public Uri? OtlpEndpoint { get; init; }

    /// <summary>HTTP/protobuf posts to the endpoint's /v1/metrics; gRPC sends to the endpoint itself.</summary>
    public OtlpExportProtocol OtlpProtocol { get; init; } = OtlpExportProtocol.HttpProtobuf;

    /// <summary>Sent with every push (OTEL_EXPORTER_OTLP_HEADERS: an authorization token, a tenant).</summary>
    public IReadOnlyDictionary<string, string> OtlpHeaders { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Added to (or overriding) the resource's service.name, service.version and host.name.</summary>
    public IReadOnlyDictionary<string, string> OtlpResourceAttributes { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    public TimeSpan OtlpInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one push may take before it is abandoned. Pushes never overlap or queue: the next one
    /// waits for this one, so a slow collector delays data but cannot grow the agent's memory.
    /// </summary>
    public TimeSpan OtlpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where learnt baselines persist across restarts (baselines.db, SQLite). Nothing else is written.</summary>
    public string StateDirectory { get; init; } = "/var/lib/memmon";

    /// <summary>After baselines.db could not be opened or written, how long until the next save tries it again (not a flag).</summary>
    public TimeSpan BaselineRetryInterval { get; init; } = BaselineStore.DefaultRetryInterval;

    /// <summary>TLS and basic auth of the HTTP endpoint (exporter-toolkit web config); none by default.</summary>
    public WebConfig Web { get; init; } = WebConfig.None;

    public CollectionSettings Collection { get; init; } = new();

    public AnalysisSettings Analysis { get; init; } = new();
}
