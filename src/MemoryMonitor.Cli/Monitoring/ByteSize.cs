using System.Globalization;

namespace MemoryMonitor.Cli.Monitoring;

/// <summary>
/// Human-readable IEC sizes ("1.5 GiB"); "-" for unknown. The one byte formatter for people: the monitor view,
/// track and detect output, and the evidence of health factors and suggestions (<see cref="Reports.EvidenceText"/>).
/// </summary>
internal static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>
    /// The widest <see cref="Format"/> gives below 1 PiB: "1023.9 GiB" (or MiB, TiB). A column this wide holds every
    /// size whole; the one width every table of sizes uses (monitor, track, maps, detect).
    /// </summary>
    public const int Width = 10;

    /// <summary>The widest <see cref="FormatRate"/> gives: "+1023.9 GiB/min".</summary>
    public const int RateWidth = 15;

    public static string Format(double bytes)
    {
        if (bytes < 0 || double.IsNaN(bytes))
        {
            return "-";
        }

        var unit = 0;
        while (bytes >= 1024 && unit < Units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {Units[unit]}");
    }

    public static string FormatRate(double? bytesPerSecond)
    {
        if (bytesPerSecond is not { } rate)
        {
            return "-";
        }

        var perMinute = rate * 60;
        var sign = perMinute > 0 ? "+" : perMinute < 0 ? "-" : string.Empty;
        return sign + Format(Math.Abs(perMinute)) + "/min";
    }
}
