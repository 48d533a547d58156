using MemoryMonitor.Analysis.Optimisation;

namespace MemoryMonitor.Cli.Optimisation;

/// <summary>
/// Carries out a <see cref="SafeAction"/>: the only code that changes the system. It lives in the CLI, not in
/// Analysis, because only `memmon optimize --apply` calls it; the agent never changes the system. Returns one
/// line saying what was done, or throws with what went wrong.
/// </summary>
internal static class SafeActionRunner
{
    public static string Apply(SafeAction action, string procRoot = "/proc")
    {
        var (file, what) = action switch
        {
            SafeAction.CompactMemory => ("sys/vm/compact_memory", "asked the kernel to compact free memory"),
            SafeAction.DropCleanPageCache => ("sys/vm/drop_caches", "dropped clean page cache (dirty pages untouched)"),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not an action"),
        };

        var path = Path.Combine(procRoot, file);
        try
        {
            File.WriteAllText(path, "1");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InvalidOperationException($"could not write {path}: {e.Message} (needs root)", e);
        }

        return $"{what}: wrote 1 to {path}";
    }
}
