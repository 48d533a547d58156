using System.Text;
using System.Text.RegularExpressions;

namespace MemoryMonitor.Analysis.Baselines;

/// <summary>
/// The key a baseline is learnt under: the executable and the shape of its command line, not the pid,
/// so a restarted service (new pid, new temp directory, new port) is compared with its own past,
/// while <c>app serve</c> and <c>app migrate</c> keep separate baselines.
/// </summary>
/// <remarks>
/// Flags and subcommands are kept. In values, UUIDs become &lt;uuid&gt;, hex ids (0x..., or 8+ hex
/// digits mixing digits and letters) &lt;hex&gt;, paths under /tmp, /var/tmp, /dev/shm and
/// /run/user/N &lt;tmp&gt;, a port after a colon &lt;port&gt;, and numbers of two or more digits (or a
/// value that is only a number) &lt;n&gt;; one digit inside a word (python3, http2) is kept. Secrets
/// never reach the identity: the value after a flag such as --password or --token, the value of
/// name=value or --name=value where the name looks secret, and the user information in a URL become
/// *, and so does text glued to a short -p (mysql's -pPASSWORD). The executable path itself only loses temp directories and ids, so python3.11 and python3.12
/// stay apart. The result is capped at <see cref="MaximumLength"/> characters; a longer one keeps its
/// start and ends with a stable hash of the whole so distinct long command lines stay distinct.
/// </remarks>
public static partial class ExecutableIdentity
{
    /// <summary>Longest identity returned; it is stored per baseline and may appear in logs.</summary>
    public const int MaximumLength = 256;

    private const char MaskedChar = '*';
    private const string Masked = "*";

    /// <summary>
    /// The identity of <paramref name="executable"/> started with <paramref name="arguments"/>
    /// (argv[1..], without argv[0]).
    /// </summary>
    public static string Of(string executable, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        var builder = new StringBuilder(NormaliseExecutable(executable));
        var maskNext = false;
        foreach (var argument in arguments)
        {
            if (string.IsNullOrEmpty(argument))
            {
                continue;
            }

            builder.Append(' ');
            if (maskNext)
            {
                builder.Append(MaskedChar);
                maskNext = false;
                continue;
            }

            builder.Append(NormaliseArgument(argument, out maskNext));
        }

        return Cap(builder.ToString());
    }

    private static string NormaliseArgument(string argument, out bool maskNext)
    {
        maskNext = false;
        var isFlag = argument.Length > 1 && argument[0] == '-' && !NumberOnly().IsMatch(argument);
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && (isFlag || SettingName().IsMatch(argument.AsSpan(0, equals))))
        {
            var name = argument[..equals];
            return SecretName().IsMatch(name)
                ? name + "=" + Masked
                : name + "=" + NormaliseValue(argument[(equals + 1)..]);
        }

        if (argument.Length > 2 && argument.StartsWith("-p", StringComparison.Ordinal))
        {
            // mysql, mariadb and others take the password glued to -p ("-phunter2"); masking a
            // harmless "-pthread" as well costs nothing.
            return "-p" + Masked;
        }

        if (isFlag)
        {
            // "--password hunter2": the secret is the next argument.
            maskNext = SecretName().IsMatch(argument);
            return argument;
        }

        return NormaliseValue(argument);
    }

    private static string NormaliseValue(string value)
    {
        if (NumberOnly().IsMatch(value))
        {
            return "<n>";
        }

        value = UrlUserInfo().Replace(value, "${scheme}" + Masked + "@");
        value = InlineSecret().Replace(value, "${name}=" + Masked);
        value = NormaliseIds(value);
        value = Port().Replace(value, ":<port>");
        return Digits().Replace(value, "<n>");
    }

    private static string NormaliseExecutable(string executable) => NormaliseIds(executable);

    private static string NormaliseIds(string value)
    {
        value = Uuid().Replace(value, "<uuid>");
        value = TempPath().Replace(value, "<tmp>");
        return HexId().Replace(value, "<hex>");
    }

    private static string Cap(string identity)
    {
        if (identity.Length <= MaximumLength)
        {
            return identity;
        }

        // FNV-1a, not string.GetHashCode: that is randomised per process, and identities must
        // match across restarts.
        var hash = 2166136261u;
        foreach (var c in identity)
        {
            hash = (hash ^ c) * 16777619u;
        }

        var suffix = "~" + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        return identity[..(MaximumLength - suffix.Length)] + suffix;
    }

    [GeneratedRegex(@"^[+-]?\d+(?:\.\d+)*[a-zA-Z%]{0,2}$")]
    private static partial Regex NumberOnly();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"pass(?:word|wd|phrase)?|pwd|token|secret|credential|auth|key|cookie|signature", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?<name>[A-Za-z_\-]*(?:pass(?:word|wd|phrase)?|pwd|token|secret|credential|auth|key|cookie|signature)[A-Za-z_\-]*)=[^;&\s,]*", RegexOptions.IgnoreCase)]
    private static partial Regex InlineSecret();

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/@\s]+@")]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();

    // Only the first component under the temp root is replaced: it is the per-run random part
    // (mktemp -d, systemd PrivateTmp), while the rest names the file.
    [GeneratedRegex(@"(?:/tmp|/var/tmp|/dev/shm|/run/user/\d+)(?:/[^/\s:;,]*)?")]
    private static partial Regex TempPath();

    [GeneratedRegex(@"\b0x[0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b")]
    private static partial Regex HexId();

    [GeneratedRegex(@":\d{1,5}(?=$|/)")]
    private static partial Regex Port();

    // Two or more digits, or a decimal: pids, timestamps, sizes, versions, IP addresses.
    [GeneratedRegex(@"\d+(?:\.\d+)+|\d{2,}")]
    private static partial Regex Digits();
}
