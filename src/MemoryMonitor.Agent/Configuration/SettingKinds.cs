using System.Collections.ObjectModel;
using System.Globalization;
using MemoryMonitor.Agent.Security;

namespace MemoryMonitor.Agent.Configuration;

/// <summary>The kinds of value the agent's settings hold, each with the one phrase its errors use.</summary>
internal static class SettingKinds
{
    private const string DurationExamples = "(use e.g. 500ms, 15s, 1m, 1h)";

    /// <summary>A duration; zero is allowed only where it turns something off, and <paramref name="max"/> bounds what is later held in milliseconds as an int.</summary>
    public static SettingKind<TimeSpan> Duration(bool zeroTurnsOff, TimeSpan? max = null)
    {
        var bound = max is { } limit ? $" and at most {Configuration.Duration.Format(limit)}" : string.Empty;
        var problem = zeroTurnsOff ? $"is not a duration{bound}; 0 turns it off {DurationExamples}" : $"is not a duration greater than 0{bound} {DurationExamples}";
        return new(
            text => Configuration.Duration.TryParse(text, out var value) ? (value, null) : (TimeSpan.Zero, problem),
            value => value < TimeSpan.Zero || (!zeroTurnsOff && value == TimeSpan.Zero) || value > max ? problem : null,
            Configuration.Duration.Format);
    }

    public static SettingKind<int> WholeNumber(int min, int max)
    {
        var problem = $"is not a whole number from {min} to {max}";
        return new(
            text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? (value, null) : (0, problem),
            value => value < min || value > max ? problem : null,
            value => value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A directory that must exist and, when <paramref name="mustContain"/> is given, hold that file (meminfo marks a procfs mount).</summary>
    public static SettingKind<string> Directory(string? mustContain)
    {
        var problem = mustContain is null ? "is not an existing directory" : $"is not a procfs mount (no {mustContain} in it)";
        return new(
            text => (text, null),
            value => !System.IO.Directory.Exists(value) || (mustContain is not null && !File.Exists(Path.Combine(value, mustContain))) ? problem : null,
            value => value);
    }

    /// <summary>An absolute path that need not exist: an optional tree the agent reads when it is there (the kubelet's logs).</summary>
    public static SettingKind<string> OptionalDirectory() => new(
        text => (text, null),
        value => !Path.IsPathFullyQualified(value) || File.Exists(value) ? "is not an absolute path to a directory (e.g. /var/log, or /host/var/log in a container)" : null,
        value => value);

    /// <summary>The state directory need not exist yet (the baseline store creates it) but must be an absolute path that is not a file.</summary>
    public static SettingKind<string> StateDirectory() => new(
        text => (text, null),
        value => !Path.IsPathFullyQualified(value) || File.Exists(value) ? "is not usable as the state directory (give an absolute path to a directory, e.g. /var/lib/memmon)" : null,
        value => value);

    /// <summary>An http(s) base URL; empty means off, as an empty OTEL_EXPORTER_OTLP_ENDPOINT does in the OpenTelemetry SDKs.</summary>
    public static SettingKind<Uri?> HttpUrl()
    {
        const string problem = "is not an http(s) URL (e.g. http://collector:4318)";
        return new(
            text => text.Length == 0 ? (null, null) : Uri.TryCreate(text, UriKind.Absolute, out var uri) ? (uri, null) : (null, problem),
            value => value is null || (value.IsAbsoluteUri && (value.Scheme == Uri.UriSchemeHttp || value.Scheme == Uri.UriSchemeHttps)) ? null : problem,
            value => value?.OriginalString ?? "off");
    }

    /// <summary>HOST:PORT, checked down to the host Kestrel will bind, so a name fails at start and not when the host is built.</summary>
    public static SettingKind<(string Host, int Port)> Listen() => new(
        text => ListenAddress.TrySplit(text, out var host, out var port) ? ((host, port), null) : ((host, port), "is not " + ListenAddress.Expected),
        value => !ListenAddress.IsPort(value.Port) ? "is not " + ListenAddress.Expected
            : ListenAddress.Resolve(value.Host) is null ? $"has host '{value.Host}', which is not {ListenAddress.ExpectedHost}"
            : null,
        value => ListenAddress.Format(value.Host, value.Port));

    /// <summary>An exporter-toolkit web config file, loaded (and so checked) when read; its loader's errors name the file and key.</summary>
    public static SettingKind<WebConfig> WebConfigFile() => new(
        text => (WebConfigLoader.Load(text), null),
        _ => null,
        value => value == WebConfig.None ? "none (plain HTTP)" : "a web config");

    /// <summary>key=value pairs split by commas, each part percent-decoded: the format of OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS.</summary>
    public static SettingKind<IReadOnlyDictionary<string, string>> KeyValueList()
    {
        const string problem = "is not a list of key=value pairs split by commas (e.g. k8s.node.name=node-1,deployment.environment=prod)";
        return new(
            text =>
            {
                if (text.Length == 0)
                {
                    return (ReadOnlyDictionary<string, string>.Empty, null);
                }

                var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        return (pairs, problem);
                    }

                    pairs[Uri.UnescapeDataString(pair[..equals].Trim())] = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
                }

                return (pairs, null);
            },
            _ => null,
            value => value.Count == 0 ? "none" : string.Join(',', value.Select(pair => $"{pair.Key}={pair.Value}")));
    }

    /// <summary>
    /// The OTLP protocols the agent speaks, spelt as OTEL_EXPORTER_OTLP_PROTOCOL spells them. http/json is a valid
    /// OpenTelemetry value the agent lacks, so it is refused rather than silently sent as protobuf.
    /// </summary>
    public static SettingKind<OtlpExportProtocol> OtlpProtocol()
    {
        const string problem = "is not an OTLP protocol this agent speaks (http/protobuf or grpc)";
        return new(
            text => text.ToLowerInvariant() switch
            {
                "http/protobuf" => (OtlpExportProtocol.HttpProtobuf, null),
                "grpc" => (OtlpExportProtocol.Grpc, null),
                _ => (OtlpExportProtocol.HttpProtobuf, problem),
            },
            value => value is OtlpExportProtocol.HttpProtobuf or OtlpExportProtocol.Grpc ? null : problem,
            value => value == OtlpExportProtocol.Grpc ? "grpc" : "http/protobuf");
    }
}
