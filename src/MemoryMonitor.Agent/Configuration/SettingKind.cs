namespace MemoryMonitor.Agent.Configuration;

/// <summary>
/// What kind of value a setting holds: how its text is read, which values are usable and how a value is shown
/// (in help and in errors). Problems are phrases that follow the value, e.g. "is not a duration greater than 0".
/// </summary>
/// <param name="parse">Text to value, or a problem; a value it returns is then checked. It may throw <see cref="SettingsException"/> with a complete message (a file it loads names itself).</param>
/// <param name="check">The problem with a value, or null when it is usable; applied to values set in code too.</param>
/// <param name="format">A value as text that <paramref name="parse"/> reads back where it can.</param>
internal sealed class SettingKind<T>(Func<string, (T Value, string? Problem)> parse, Func<T, string?> check, Func<T, string> format)
{
    public (T Value, string? Problem) Parse(string text)
    {
        var (value, problem) = parse(text);
        return (value, problem ?? check(value));
    }

    public string? Check(T value) => check(value);

    public string Format(T value) => format(value);
}
