using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MemoryMonitor.Agent.Security;

/// <summary>
/// HTTP basic authentication against bcrypt hashes, as exporter-toolkit does. bcrypt is deliberately slow
/// (tens of ms), so a verified user:password pair is remembered by its SHA-256 and later scrapes skip bcrypt.
/// /healthz and /readyz stay open: they reveal nothing and liveness probes cannot send credentials.
/// </summary>
internal sealed class BasicAuthMiddleware(RequestDelegate next, WebConfig config)
{
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path == "/healthz" || context.Request.Path == "/readyz" || IsAuthorized(context.Request.Headers.Authorization))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"memmon\"";
        await context.Response.WriteAsync("Unauthorized\n").ConfigureAwait(false);
    }

    private bool IsAuthorized(string? header)
    {
        if (header is null || !AuthenticationHeaderValue.TryParse(header, out var value) || value.Scheme != "Basic" || value.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !config.BasicAuthUsers.TryGetValue(decoded[..colon], out var hash))
        {
            return false;
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(decoded + "\n" + hash)));
        if (_verified.ContainsKey(key))
        {
            return true;
        }

        if (!BCrypt.Net.BCrypt.Verify(decoded[(colon + 1)..], hash))
        {
            return false;
        }

        _verified[key] = true;
        return true;
    }
}
