using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MemoryMonitor.Agent.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MemoryMonitor.Agent.Security;

/// <summary>
/// Reads an exporter-toolkit web config file. Every problem stops start-up with one line naming the file, the
/// key and what would be valid; unknown keys are refused rather than ignored, so a typo cannot silently
/// leave the endpoint open. Walks the YAML node tree (no reflection), which keeps the agent AOT-compatible.
/// </summary>
public static class WebConfigLoader
{
    private static readonly string[] TopLevelKeys = ["tls_server_config", "basic_auth_users", "http_server_config"];
    private static readonly string[] TlsKeys = ["cert_file", "key_file", "client_auth_type", "client_ca_file", "min_version", "max_version", "cipher_suites", "prefer_server_cipher_suites", "curve_preferences"];

    public static WebConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw Error(path, "no such file");
        }

        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(path);
            stream.Load(reader);
            if (stream.Documents.Count == 0)
            {
                return WebConfig.None;
            }

            root = stream.Documents[0].RootNode as YamlMappingNode ?? throw Error(path, "expected a mapping of tls_server_config / basic_auth_users");
        }
        catch (YamlException e)
        {
            throw Error(path, $"line {e.Start.Line}: {e.Message}");
        }

        CheckKeys(path, root, TopLevelKeys, string.Empty);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var tls = Child(root, "tls_server_config") is { } tlsNode ? Tls(path, Mapping(path, tlsNode, "tls_server_config"), directory) : null;
        var users = Child(root, "basic_auth_users") is { } usersNode ? Users(path, Mapping(path, usersNode, "basic_auth_users")) : new Dictionary<string, string>();
        return new WebConfig(tls, users);
    }

    private static TlsServerConfig Tls(string path, YamlMappingNode node, string directory)
    {
        CheckKeys(path, node, TlsKeys, "tls_server_config.");
        var certFile = RelativeTo(directory, Scalar(path, node, "cert_file", "tls_server_config.") ?? throw Error(path, "tls_server_config.cert_file is required"));
        var keyFile = RelativeTo(directory, Scalar(path, node, "key_file", "tls_server_config.") ?? throw Error(path, "tls_server_config.key_file is required"));
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw Error(path, $"tls_server_config: cannot load cert_file '{certFile}' with key_file '{keyFile}': {e.Message}");
        }

        var clientAuth = ClientCertificateRequirement.NoClientCert;
        if (Scalar(path, node, "client_auth_type", "tls_server_config.") is { } authText && !Enum.TryParse(authText, ignoreCase: false, out clientAuth))
        {
            throw Error(path, $"tls_server_config.client_auth_type: '{authText}' is not one of {string.Join(", ", Enum.GetNames<ClientCertificateRequirement>())}");
        }

        X509Certificate2Collection? authorities = null;
        if (Scalar(path, node, "client_ca_file", "tls_server_config.") is { } caText)
        {
            var caFile = RelativeTo(directory, caText);
            try
            {
                authorities = [];
                authorities.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
            {
                throw Error(path, $"tls_server_config.client_ca_file: cannot load '{caFile}': {e.Message}");
            }
        }
        else if (clientAuth is ClientCertificateRequirement.VerifyClientCertIfGiven or ClientCertificateRequirement.RequireAndVerifyClientCert)
        {
            throw Error(path, $"tls_server_config.client_auth_type {clientAuth} needs client_ca_file");
        }

        var minimum = Scalar(path, node, "min_version", "tls_server_config.") switch
        {
            null or "TLS12" => SslProtocols.Tls12,
            "TLS13" => SslProtocols.Tls13,
            var other => throw Error(path, $"tls_server_config.min_version: '{other}' is not supported (TLS12 or TLS13; older versions are insecure)"),
        };
        return new TlsServerConfig(certificate, clientAuth, authorities, minimum);
    }

    private static Dictionary<string, string> Users(string path, YamlMappingNode node)
    {
        var users = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Children)
        {
            var user = ((YamlScalarNode)key).Value ?? string.Empty;
            var hash = (value as YamlScalarNode)?.Value ?? string.Empty;

            // exporter-toolkit stores bcrypt hashes only ($2a$, $2b$, $2y$); a plain password here is a mistake to stop.
            if (user.Length == 0 || !hash.StartsWith("$2", StringComparison.Ordinal) || hash.Length != 60)
            {
                throw Error(path, $"basic_auth_users.{user}: expected a bcrypt hash ($2y$..., 60 characters; make one with htpasswd -nBC 10 \"\" | tr -d ':')");
            }

            users[user] = hash;
        }

        return users;
    }

    private static void CheckKeys(string path, YamlMappingNode node, string[] known, string prefix)
    {
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!known.Contains(name))
            {
                throw Error(path, $"unknown setting '{prefix}{name}' (line {key.Start.Line}); known: {string.Join(", ", known.Select(k => prefix + k))}");
            }
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static YamlMappingNode Mapping(string path, YamlNode node, string key) =>
        node as YamlMappingNode ?? throw Error(path, $"{key} (line {node.Start.Line}) must be a mapping");

    private static string? Scalar(string path, YamlMappingNode node, string key, string prefix) => Child(node, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        var other => throw Error(path, $"{prefix}{key} (line {other.Start.Line}) must be a single value"),
    };

    private static string RelativeTo(string directory, string file) => Path.IsPathRooted(file) ? file : Path.Combine(directory, file);

    private static SettingsException Error(string path, string problem) => new($"--web-config {path}: {problem}");
}
