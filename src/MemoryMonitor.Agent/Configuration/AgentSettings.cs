using MemoryMonitor.Collection;

namespace MemoryMonitor.Agent.Configuration;

/// <summary>
/// Every setting of `memmon serve`, in help order. The loader, the validator and `serve --help` all enumerate
/// this table, so a setting is named, defaulted, described and checked here and nowhere else.
/// </summary>
internal static class AgentSettings
{
    /// <summary>
    /// The OTLP exporter holds its interval and timeout as int milliseconds (about 24 days); a day is already far
    /// beyond any useful push interval, and a round bound reads better in the error than 24d20h31m23s647ms.
    /// </summary>
    private static readonly TimeSpan LongestOtlpDuration = TimeSpan.FromDays(1);

    public static readonly Setting Config = Setting.Unbound(
        "config", "Optional JSON file of settings named like these flags, e.g. {\"interval\": \"15s\"}.");

    public static readonly IReadOnlyList<Setting> All =
    [
        Config,
        Setting.Of<(string Host, int Port)>(
            "listen",
            "HOST:PORT for /metrics, /healthz and /readyz.",
            SettingKinds.Listen(),
            o => (o.ListenHost, o.ListenPort),
            (o, v) => o with { ListenHost = v.Host, ListenPort = v.Port }),
        Setting.Of(
            "interval",
            "How often to sample system and process memory.",
            SettingKinds.Duration(zeroTurnsOff: false),
            o => o.Interval,
            (o, v) => o with { Interval = v }),
        Setting.Of(
            "smaps-interval",
            "How often to read each process's smaps_rollup for PSS/USS (expensive; slow processes back off). 0 turns it off.",
            SettingKinds.Duration(zeroTurnsOff: true),
            o => o.Collection.SmapsInterval,
            (o, v) => o with { Collection = o.Collection with { SmapsInterval = v } }),
        Setting.Of(
            "top-processes",
            "Processes with their own series (largest resident memory first); the rest are summed per comm and container.",
            SettingKinds.WholeNumber(0, 100_000),
            o => o.TopProcesses,
            (o, v) => o with { TopProcesses = v }),
        Setting.Of(
            "max-analysed-processes",
            "At most this many processes hold analysis state (history, detectors); beyond it the largest half, the flagged and a rotating sample of the rest are analysed, the others get no scores.",
            SettingKinds.WholeNumber(1, 1_000_000),
            o => o.Analysis.MaxAnalysedProcesses,
            (o, v) => o with { Analysis = o.Analysis with { MaxAnalysedProcesses = v } }),
        Setting.Of(
            "procfs",
            "Where procfs is mounted (/host/proc in a container).",
            SettingKinds.Directory(mustContain: "meminfo"),
            o => o.Collection.ProcRoot,
            (o, v) => o with { Collection = o.Collection with { ProcRoot = v } }),
        Setting.Of(
            "sysfs",
            "Where sysfs is mounted, for cgroup memory files (/host/sys in a container).",
            SettingKinds.Directory(mustContain: null),
            o => o.Collection.SysRoot,
            (o, v) => o with { Collection = o.Collection with { SysRoot = v } }),
        Setting.Of(
            "kubelet-logs",
            "Where the node's /var/log is mounted (/host/var/log in a container): the kubelet's pods/ and containers/ log folders name containers by namespace, pod and container. Absent outside Kubernetes: no names.",
            SettingKinds.OptionalDirectory(),
            o => o.Collection.KubeletLogRoot,
            (o, v) => o with { Collection = o.Collection with { KubeletLogRoot = v } }),
        Setting.Of(
            "otlp-endpoint",
            "Push metrics over OTLP to this collector base URL.",
            SettingKinds.HttpUrl(),
            o => o.OtlpEndpoint,
            (o, v) => o with { OtlpEndpoint = v },
            standardVariable: "OTEL_EXPORTER_OTLP_ENDPOINT"),
        Setting.Of(
            "otlp-protocol",
            "OTLP protocol: http/protobuf (posts to <endpoint>/v1/metrics) or grpc.",
            SettingKinds.OtlpProtocol(),
            o => o.OtlpProtocol,
            (o, v) => o with { OtlpProtocol = v },
            standardVariable: "OTEL_EXPORTER_OTLP_PROTOCOL"),
        Setting.Of(
            "otlp-headers",
            "Headers sent with every OTLP push, key=value,... (an authorization token, say).",
            SettingKinds.KeyValueList(),
            o => o.OtlpHeaders,
            (o, v) => o with { OtlpHeaders = v },
            standardVariable: "OTEL_EXPORTER_OTLP_HEADERS"),
        Setting.Of(
            "otlp-resource-attributes",
            "Attributes added to the OTLP resource (service.name=memmon, service.version, host.name), key=value,...; they may override those.",
            SettingKinds.KeyValueList(),
            o => o.OtlpResourceAttributes,
            (o, v) => o with { OtlpResourceAttributes = v },
            standardVariable: "OTEL_RESOURCE_ATTRIBUTES"),
        Setting.Of(
            "otlp-interval",
            "OTLP push interval.",
            SettingKinds.Duration(zeroTurnsOff: false, max: LongestOtlpDuration),
            o => o.OtlpInterval,
            (o, v) => o with { OtlpInterval = v }),
        Setting.Of(
            "otlp-timeout",
            "Abandon an OTLP push that takes longer; pushes never queue.",
            SettingKinds.Duration(zeroTurnsOff: false, max: LongestOtlpDuration),
            o => o.OtlpTimeout,
            (o, v) => o with { OtlpTimeout = v }),
        Setting.Of(
            "fragmentation-order",
            "Allocation order for the fragmentation index (9 = 2 MiB huge pages).",
            SettingKinds.WholeNumber(0, CollectionSettings.MaxFragmentationOrder),
            o => o.Collection.FragmentationOrder,
            (o, v) => o with { Collection = o.Collection with { FragmentationOrder = v } }),
        Setting.Of(
            "web-config",
            "Web config file in the Prometheus exporter-toolkit format (tls_server_config, basic_auth_users with bcrypt hashes).",
            SettingKinds.WebConfigFile(),
            o => o.Web,
            (o, v) => o with { Web = v }),
        Setting.Of(
            "state-dir",
            "Directory for learnt baselines (baselines.db), kept across restarts; the agent writes nothing else.",
            SettingKinds.StateDirectory(),
            o => o.StateDirectory,
            (o, v) => o with { StateDirectory = v }),
    ];

    /// <summary>The names a config file may use: every flag.</summary>
    public static IReadOnlyCollection<string> FileKeys { get; } = [.. All.Select(s => s.Flag)];
}
