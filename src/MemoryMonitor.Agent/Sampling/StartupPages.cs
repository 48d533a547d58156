using System.Globalization;
using System.Runtime.InteropServices;

namespace MemoryMonitor.Agent.Sampling;

/// <summary>
/// Gives back the pages of the agent's own files (its executable, the SQLite library beside it) that only start-up
/// touched: option parsing, the host's and Kestrel's set-up, static initialisers. A mapped file's pages stay resident
/// until memory runs short, so they were about a quarter of the agent's RSS; madvise(MADV_PAGEOUT) after start-up is
/// the kernel's own reclaim of clean file pages done early, and what the agent runs afterwards faults back in once
/// (measured: file-backed 16.3 -> about 11.5 MB, a dozen major faults; docs/performance.md, "Footprint work, step 5").
/// Pages another process maps too (a second agent of the same binary) are left alone by the kernel. Best effort: a
/// kernel before 5.4 (no MADV_PAGEOUT) or an unreadable /proc/self/maps costs nothing but the saving.
/// </summary>
internal static partial class StartupPages
{
    private const int MadvPageout = 21;
    private const int EInval = 22;

    /// <summary>Advises every read-only mapping of a file under <paramref name="directory"/> out; returns the bytes advised.</summary>
    public static long Release(string directory)
    {
        string[] maps;
        try
        {
            maps = File.ReadAllLines("/proc/self/maps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        long advised = 0;
        foreach (var line in maps)
        {
            // start-end perms offset dev inode path; a writable mapping's written pages are anonymous (no swap to page them to).
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1].Contains('w', StringComparison.Ordinal) || !fields[5].StartsWith(directory, StringComparison.Ordinal))
            {
                continue;
            }

            var range = fields[0].Split('-');
            var start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var length = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) - start;
            if (Madvise((nint)start, (nuint)length, MadvPageout) == 0)
            {
                advised += length;
            }
            else if (Marshal.GetLastPInvokeError() == EInval)
            {
                return advised;
            }
        }

        return advised;
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
