using System.Globalization;
using System.Net;

namespace MemoryMonitor.Agent.Configuration;

/// <summary>The listen setting's HOST:PORT form and which hosts Kestrel can bind, in one place for the loader, the validator and the host.</summary>
internal static class ListenAddress
{
    public const string Expected = "HOST:PORT (e.g. 0.0.0.0:9897, 127.0.0.1:9897, [::]:9897, :9897); the port must be 1-65535";

    public const string ExpectedHost = "an IP address (use e.g. 0.0.0.0, 127.0.0.1, :: or localhost)";

    /// <summary>Splits HOST:PORT; an empty host means every IPv4 address, as in Prometheus' --web.listen-address.</summary>
    public static bool TrySplit(string value, out string host, out int port)
    {
        var colon = value.LastIndexOf(':');
        host = colon < 0 ? string.Empty : value[..colon].Trim('[', ']');
        port = 0;
        if (colon < 0 || !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || !IsPort(port))
        {
            return false;
        }

        host = host.Length == 0 ? "0.0.0.0" : host;
        return true;
    }

    public static bool IsPort(int port) => port is >= 1 and <= 65535;

    /// <summary>The address to bind, or null for a host name: Kestrel's Listen takes addresses, and resolving names at start would make the bind depend on DNS.</summary>
    public static IPAddress? Resolve(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(host, out var address) => address,
        _ => null,
    };

    public static string Format(string host, int port) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
}
