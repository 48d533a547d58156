using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace MemoryMonitor.Agent.Security;

/// <summary>Applies a <see cref="TlsServerConfig"/> to the Kestrel listener, mapping exporter-toolkit's client_auth_type.</summary>
internal static class TlsEndpoint
{
    public static void Apply(ListenOptions listen, TlsServerConfig tls) =>
        listen.UseHttps(https =>
        {
            https.ServerCertificate = tls.Certificate;
            https.SslProtocols = tls.MinimumVersion == SslProtocols.Tls13 ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;
            https.ClientCertificateMode = tls.ClientAuth switch
            {
                ClientCertificateRequirement.NoClientCert => ClientCertificateMode.NoCertificate,
                ClientCertificateRequirement.RequestClientCert or ClientCertificateRequirement.VerifyClientCertIfGiven => ClientCertificateMode.AllowCertificate,
                _ => ClientCertificateMode.RequireCertificate,
            };
            var verify = tls.ClientAuth is ClientCertificateRequirement.VerifyClientCertIfGiven or ClientCertificateRequirement.RequireAndVerifyClientCert;
            https.ClientCertificateValidation = (certificate, _, _) => !verify || ChainsTo(certificate, tls.ClientCertificateAuthorities!);
        });

    /// <summary>True when the client certificate chains to one of the configured CAs (and only those: not the system store).</summary>
    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
