namespace MemoryMonitor.Agent.Tests;

/// <summary>A fresh state directory per agent under test, so tests never touch /var/lib/memmon or each other's baselines.</summary>
internal static class TempStateDirectory
{
    public static string Create() => Directory.CreateTempSubdirectory("memmon-state-").FullName;
}
