using System.Text.Json;

namespace MemoryMonitor.Agent.Configuration;

/// <summary>
/// Looks a setting up by its flag name in, from strongest to weakest: command-line flags, the MEMMON_*
/// environment variable, the optional JSON config file. Each value remembers where it came from so an
/// error can say which one to fix.
/// </summary>
public sealed class SettingSources
{
    private readonly IReadOnlyDictionary<string, string> _flags;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, string> _file = new(StringComparer.Ordinal);
    private readonly string? _filePath;

    public SettingSources(IReadOnlyDictionary<string, string> flags, Func<string, string?> environment)
    {
        _flags = flags;
        _environment = environment;
        _filePath = Lookup("config")?.Value;
        if (_filePath is not null)
        {
            LoadFile(_filePath);
        }
    }

    /// <summary>The value of a setting and a description of its source, or null when nothing sets it.</summary>
    public (string Value, string Source)? Lookup(string flag)
    {
        if (_flags.TryGetValue(flag, out var fromFlag))
        {
            return (fromFlag, $"--{flag}");
        }

        var variable = EnvironmentName(flag);
        if (_environment(variable) is { } fromEnvironment)
        {
            return (fromEnvironment, variable);
        }

        return _file.TryGetValue(flag, out var fromFile) ? (fromFile, $"{_filePath}: \"{flag}\"") : null;
    }

    /// <summary>A standard variable (OTEL_*) by its own name; empty counts as unset, as the OpenTelemetry specification says.</summary>
    public (string Value, string Source)? LookupStandard(string variable) =>
        _environment(variable) is { Length: > 0 } value ? (value, variable) : null;

    public static string EnvironmentName(string flag) => "MEMMON_" + flag.ToUpperInvariant().Replace('-', '_');

    private void LoadFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SettingsException($"config file {path}: cannot be read ({e.Message})");
        }
        catch (JsonException e)
        {
            throw new SettingsException($"config file {path}:{(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message.Split('.')[0]})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new SettingsException($"config file {path}: expected a JSON object of settings, e.g. {{\"interval\": \"15s\"}}");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                _file[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
    }

    /// <summary>Names in the file that no setting uses: a typo there would otherwise be silently ignored.</summary>
    public IEnumerable<string> UnknownFileKeys(IReadOnlyCollection<string> known) => _file.Keys.Where(k => !known.Contains(k));

    public string? FilePath => _filePath;
}
