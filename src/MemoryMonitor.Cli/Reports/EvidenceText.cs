using System.Globalization;
using MemoryMonitor.Analysis.Health;
using MemoryMonitor.Cli.Monitoring;

namespace MemoryMonitor.Cli.Reports;

/// <summary>
/// Renders the sentences Analysis leaves unformatted (health factor evidence, suggestion titles and evidence) for
/// people: a <see cref="ByteCount"/> through <see cref="ByteSize"/>, the one byte formatter of the CLI, a
/// <see cref="SecondCount"/> in the largest unit that keeps it short, everything else in the invariant culture.
/// </summary>
internal sealed class EvidenceText : IFormatProvider, ICustomFormatter
{
    private static readonly EvidenceText Instance = new();

    private EvidenceText()
    {
    }

    public static string Render(FormattableString text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ToString(Instance);
    }

    public object? GetFormat(Type? formatType) => formatType == typeof(ICustomFormatter) ? this : null;

    public string Format(string? format, object? arg, IFormatProvider? formatProvider) => arg switch
    {
        ByteCount count => ByteSize.Format(count.Bytes),
        SecondCount length => Length(length.Seconds),
        // An optional clause ("", or ", PSS 12 MiB") is itself a sentence with arguments.
        FormattableString clause => clause.ToString(this),
        IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
        _ => arg?.ToString() ?? string.Empty,
    };

    private static string Length(double seconds) => seconds switch
    {
        >= 86400 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.#} d"),
        >= 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.#} h"),
        >= 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
    };
}
