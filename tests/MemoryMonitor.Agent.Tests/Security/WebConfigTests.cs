using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Agent.Security;
using MemoryMonitor.Agent.Tests.Cli;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Security;

/// <summary>TLS and basic auth from an exporter-toolkit web config file, against the real agent over real sockets.</summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed class WebConfigTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("memmon-web-");
    private readonly X509Certificate2 _certificate;

    public WebConfigTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(PathOf("server.crt"), _certificate.ExportCertificatePem());
        File.WriteAllText(PathOf("server.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Tls_with_basic_auth_serves_metrics_only_to_the_right_user_and_leaves_health_open()
    {
        var config = Write("web.yml", $"""
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
            basic_auth_users:
              prometheus: {BCrypt.Net.BCrypt.HashPassword("s3cret", workFactor: 6)}
            """);
        var port = Ports.Free();
        await using var app = AgentHost.Build(InProcessAgent.Options(port, TimeSpan.FromMilliseconds(300)) with
        {
            Web = WebConfigLoader.Load(config),
        });
        await app.StartAsync();
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == _certificate.Thumbprint };
        using var https = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

        await Readiness.WaitAsync(https);
        var anonymous = await https.GetAsync(new Uri("/metrics", UriKind.Relative));
        var wrong = await GetAsync(https, "prometheus", "guess");
        var unknown = await GetAsync(https, "root", "s3cret");
        var right = await GetAsync(https, "prometheus", "s3cret");
        var again = await GetAsync(https, "prometheus", "s3cret");
        var health = await https.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("memmon_system_memory_bytes", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync(new Uri("/healthz", UriKind.Relative)));
        await app.StopAsync();
    }

    [Theory]
    [InlineData("basic_auth_users:\n  prometheus: plaintext\n", "basic_auth_users.prometheus: expected a bcrypt hash")]
    [InlineData("tls_server_config:\n  cert_file: missing.crt\n  key_file: server.key\n", "tls_server_config: cannot load cert_file")]
    [InlineData("tls_server_config:\n  cert_file: server.crt\n", "tls_server_config.key_file is required")]
    [InlineData("tls_sever_config:\n  cert_file: server.crt\n", "unknown setting 'tls_sever_config'")]
    [InlineData("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS10\n", "min_version: 'TLS10' is not supported")]
    [InlineData("basic_auth_users: [oops\n", "line ")]
    public async Task A_bad_web_config_stops_start_up_with_one_line_naming_the_file_and_setting(string yaml, string expected)
    {
        var config = Write("bad.yml", yaml);

        var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve", "--web-config", config]);

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith($"memmon: error: --web-config {config}: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string user, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return await client.SendAsync(request);
    }


    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private string Write(string name, string text)
    {
        File.WriteAllText(PathOf(name), text);
        return PathOf(name);
    }
}
