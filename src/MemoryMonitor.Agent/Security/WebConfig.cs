using System.Security.Cryptography.X509Certificates;
using System.Security.Authentication;

namespace MemoryMonitor.Agent.Security;

/// <summary>
/// The HTTP endpoint's security, read from a web config file in the Prometheus exporter-toolkit format
/// (https://github.com/prometheus/exporter-toolkit/blob/master/docs/web-configuration.md), so a Prometheus
/// setup that already secures node_exporter reuses its file.
/// </summary>
public sealed record WebConfig(TlsServerConfig? Tls, IReadOnlyDictionary<string, string> BasicAuthUsers)
{
    public static WebConfig None { get; } = new(null, new Dictionary<string, string>());

    public bool RequiresBasicAuth => BasicAuthUsers.Count > 0;
}

/// <summary>`tls_server_config`: the server certificate, and optionally client certificates it requires.</summary>
public sealed record TlsServerConfig(
    X509Certificate2 Certificate,
    ClientCertificateRequirement ClientAuth,
    X509Certificate2Collection? ClientCertificateAuthorities,
    SslProtocols MinimumVersion);

/// <summary>exporter-toolkit's client_auth_type values.</summary>
public enum ClientCertificateRequirement
{
    NoClientCert,
    RequestClientCert,
    RequireAnyClientCert,
    VerifyClientCertIfGiven,
    RequireAndVerifyClientCert,
}
