using System.Reflection;

namespace MemoryMonitor.Export.Otlp;

/// <summary>
/// The resource every push describes: <c>service.name</c>, <c>service.version</c> and <c>host.name</c>, then whatever
/// --otlp-resource-attributes (OTEL_RESOURCE_ATTRIBUTES, as the OpenTelemetry SDKs read it) adds or overrides: a
/// DaemonSet sets <c>k8s.node.name</c> that way.
/// </summary>
public sealed class OtlpResource
{
    private OtlpResource(Dictionary<string, string> attributes, string version)
    {
        Version = version;
        Attributes = OtlpAttributes.Render(OtlpAttributes.ResourceField, [.. attributes.Keys], [.. attributes.Values]);
    }

    /// <summary>The agent's version, also the scope's.</summary>
    public string Version { get; }

    /// <summary>The attributes as the body of an OTLP <c>Resource</c>.</summary>
    internal byte[] Attributes { get; }

    /// <summary>This agent's resource: its defaults, then <paramref name="added"/> (OTEL_RESOURCE_ATTRIBUTES), which may override them.</summary>
    public static OtlpResource Of(IReadOnlyDictionary<string, string> added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var version = typeof(OtlpResource).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["service.name"] = "memmon",
            ["service.version"] = version,
            ["host.name"] = Environment.MachineName,
        };
        foreach (var (key, value) in added)
        {
            attributes[key] = value;
        }

        return new OtlpResource(attributes, version);
    }
}
