using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.ProcFs;

namespace MemoryMonitor.Collection.Processes;

/// <summary>Converts stat's start time (clock ticks since boot) to wall-clock time using /proc/stat's btime.</summary>
internal sealed class BootClock
{
    /// <summary>USER_HZ: fixed at 100 for the proc ABI on every architecture Linux exports it on (proc(5), sysconf(_SC_CLK_TCK)).</summary>
    private const long TicksPerSecond = 100;

    private readonly long _bootUnixSeconds;

    public BootClock(ProcFileReader reader)
    {
        if (reader.ReadRootFile("stat"u8, out var content) == ReadStatus.Ok)
        {
            var scanner = new ProcTextScanner(content);
            while (scanner.TryReadLine(out var line))
            {
                if (line.StartsWith("btime "u8) && ProcTextScanner.TryParseLong(line[6..].Trim((byte)' '), out var btime))
                {
                    _bootUnixSeconds = btime;
                    return;
                }
            }
        }
    }

    public DateTimeOffset ToWallClock(long startTimeTicks) =>
        DateTimeOffset.FromUnixTimeMilliseconds((_bootUnixSeconds * 1000) + (startTimeTicks * 1000 / TicksPerSecond));
}
