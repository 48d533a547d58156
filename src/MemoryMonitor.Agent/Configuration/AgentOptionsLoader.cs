using MemoryMonitor.Agent.Security;
using System.Globalization;
using MemoryMonitor.Collection;

namespace MemoryMonitor.Agent.Configuration;

/// <summary>
/// Builds <see cref="AgentOptions"/> from flags, environment and file, validating every value at start:
/// a bad one throws <see cref="SettingsException"/> naming the setting, its source, the value and what is valid.
/// </summary>
public static class AgentOptionsLoader
{
    public static readonly string[] Settings =
        ["config", "listen", "interval", "smaps-interval", "top-processes", "procfs", "sysfs", "otlp-endpoint", "otlp-interval", "otlp-timeout", "fragmentation-order", "state-dir", "web-config"];

    public static AgentOptions Load(SettingSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.UnknownFileKeys(Settings).FirstOrDefault() is { } unknown)
        {
            throw new SettingsException($"config file {sources.FilePath}: unknown setting \"{unknown}\"; known: {string.Join(", ", Settings.Skip(1))}");
        }

        var defaults = new AgentOptions();
        var (host, port) = sources.Lookup("listen") is { } listen ? ParseListen(listen.Value, listen.Source) : (defaults.ListenHost, defaults.ListenPort);
        var interval = DurationOf(sources, "interval", defaults.Interval, allowZero: false);
        var smaps = DurationOf(sources, "smaps-interval", defaults.Collection.SmapsInterval, allowZero: true);
        var top = IntegerOf(sources, "top-processes", defaults.TopProcesses, 0, 100_000);
        var order = IntegerOf(sources, "fragmentation-order", defaults.Collection.FragmentationOrder, 0, 10);
        var procfs = DirectoryOf(sources, "procfs", defaults.Collection.ProcRoot, mustExist: "meminfo");
        var sysfs = DirectoryOf(sources, "sysfs", defaults.Collection.SysRoot, mustExist: null);
        var otlpInterval = DurationOf(sources, "otlp-interval", defaults.OtlpInterval, allowZero: false);
        var otlpTimeout = DurationOf(sources, "otlp-timeout", defaults.OtlpTimeout, allowZero: false);
        var otlp = OtlpEndpointOf(sources);
        var stateDirectory = sources.Lookup("state-dir") is { } state ? StateDirectoryOf(state.Value, state.Source) : defaults.StateDirectory;
        var web = sources.Lookup("web-config") is { } webConfig ? WebConfigLoader.Load(webConfig.Value) : WebConfig.None;
        return new AgentOptions
        {
            ListenHost = host,
            ListenPort = port,
            Interval = interval,
            TopProcesses = top,
            OtlpEndpoint = otlp,
            OtlpInterval = otlpInterval,
            OtlpTimeout = otlpTimeout,
            StateDirectory = stateDirectory,
            Web = web,
            Collection = new CollectionSettings
            {
                ProcRoot = procfs,
                SysRoot = sysfs,
                SmapsInterval = smaps,
                FragmentationOrder = order,
            },
        };
    }

    /// <summary>The state directory need not exist yet (the baseline store creates it) but must be an absolute path that is not a file.</summary>
    private static string StateDirectoryOf(string value, string source)
    {
        if (!Path.IsPathFullyQualified(value) || File.Exists(value))
        {
            throw new SettingsException($"{source}: '{value}' is not usable as the state directory (give an absolute path to a directory, e.g. /var/lib/memmon)");
        }

        return value;
    }

    internal static (string Host, int Port) ParseListen(string value, string source)
    {
        var colon = value.LastIndexOf(':');
        var host = colon < 0 ? string.Empty : value[..colon].Trim('[', ']');
        if (colon < 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new SettingsException($"{source}: '{value}' is not HOST:PORT (e.g. 0.0.0.0:9897, 127.0.0.1:9897, :9897); the port must be 1-65535");
        }

        return (host.Length == 0 ? "0.0.0.0" : host, port);
    }

    private static TimeSpan DurationOf(SettingSources sources, string flag, TimeSpan fallback, bool allowZero)
    {
        if (sources.Lookup(flag) is not { } setting)
        {
            return fallback;
        }

        if (!Duration.TryParse(setting.Value, out var value) || (!allowZero && value <= TimeSpan.Zero))
        {
            var zero = allowZero ? "; 0 turns it off" : " greater than 0";
            throw new SettingsException($"{setting.Source}: '{setting.Value}' is not a duration{zero} (use e.g. 500ms, 15s, 1m, 1h)");
        }

        return value;
    }

    private static int IntegerOf(SettingSources sources, string flag, int fallback, int min, int max)
    {
        if (sources.Lookup(flag) is not { } setting)
        {
            return fallback;
        }

        if (!int.TryParse(setting.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new SettingsException($"{setting.Source}: '{setting.Value}' is not a whole number from {min} to {max}");
        }

        return value;
    }

    private static string DirectoryOf(SettingSources sources, string flag, string fallback, string? mustExist)
    {
        if (sources.Lookup(flag) is not { } setting)
        {
            return fallback;
        }

        if (!Directory.Exists(setting.Value) || (mustExist is not null && !File.Exists(Path.Combine(setting.Value, mustExist))))
        {
            var what = mustExist is null ? "an existing directory" : $"a procfs mount (no {mustExist} in it)";
            throw new SettingsException($"{setting.Source}: '{setting.Value}' is not {what}");
        }

        return setting.Value;
    }

    private static Uri? OtlpEndpointOf(SettingSources sources)
    {
        // The standard OpenTelemetry variable is honoured too, so existing collector setups just work.
        var setting = sources.Lookup("otlp-endpoint")
            ?? (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } standard ? (standard, "OTEL_EXPORTER_OTLP_ENDPOINT") : null);
        if (setting is not { } found || found.Value.Length == 0)
        {
            return null;
        }

        if (!Uri.TryCreate(found.Value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new SettingsException($"{found.Source}: '{found.Value}' is not an http(s) URL (e.g. http://collector:4318)");
        }

        return uri;
    }
}
