namespace MemoryMonitor.Analysis.Optimisation;

/// <summary>
/// Carries out a <see cref="SafeAction"/>. Called only by `memmon optimize --apply`: the agent never changes
/// the system by default. Returns one line saying what was done, or throws with what went wrong.
/// </summary>
public static class SafeActionRunner
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
