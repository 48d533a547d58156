using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Baselines;

/// <summary>
/// Opens <c>baselines.db</c>, and when it is corrupt moves it aside (kept for a post-mortem, never deleted) and
/// starts an empty one, so one bad file costs what was learnt but never stops the store.
/// </summary>
internal static class CorruptFileQuarantine
{
    /// <summary>
    /// The open file at <paramref name="path"/>, creating its directory; a corrupt file is moved aside, reported once
    /// through <paramref name="report"/>, and replaced by an empty one. Throws an <see cref="IOException"/> when a corrupt
    /// file cannot be moved, and whatever <see cref="BaselineSchema.Open"/> throws for any other fault.
    /// </summary>
    public static SqliteConnection Open(string path, TimeProvider clock, Action<string> report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return BaselineSchema.Open(path);
        }
        catch (SqliteException e) when (BaselineFaultDiagnosis.IsCorrupt(e))
        {
            string aside;
            try
            {
                aside = MoveAside(path, clock);
            }
            catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"it is corrupt ({e.Message}) and could not be moved aside ({moveError.Message})", moveError.HResult);
            }

            report($"baseline store: {path} is corrupt ({e.Message}); moved it to {aside} and started an empty one");
            return BaselineSchema.Open(path);
        }
    }

    /// <summary>
    /// Renames the file to baselines.db.corrupt-&lt;UTC timestamp&gt; together with its -wal and -shm companions,
    /// which belong to the corrupt file and would otherwise be replayed into the new one.
    /// </summary>
    private static string MoveAside(string path, TimeProvider clock)
    {
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var aside = $"{path}.corrupt-{stamp}";
        for (var n = 1; File.Exists(aside); n++)
        {
            aside = $"{path}.corrupt-{stamp}-{n}";
        }

        File.Move(path, aside);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix, overwrite: true);
            }
        }

        return aside;
    }
}
