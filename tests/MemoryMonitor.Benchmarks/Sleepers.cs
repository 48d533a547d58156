using System.Diagnostics;

namespace MemoryMonitor.Benchmarks;

/// <summary>Idle child processes that bring the host up to the process count a benchmark needs; killed on dispose.</summary>
internal sealed class Sleepers : IDisposable
{
    private readonly List<Process> _children = [];

    public static Sleepers TopUpTo(int processes)
    {
        var sleepers = new Sleepers();
        for (var i = CountUserProcesses(); i < processes + 20; i++)
        {
            sleepers._children.Add(Process.Start(new ProcessStartInfo("sleep", "3600") { UseShellExecute = false })!);
        }

        return sleepers;
    }

    /// <summary>Processes with a user address space (kernel threads print no VmRSS).</summary>
    public static int CountUserProcesses() =>
        Directory.EnumerateDirectories("/proc").Count(d => int.TryParse(Path.GetFileName(d), out _) && HasResidentMemory(d));

    public void Dispose()
    {
        foreach (var child in _children)
        {
            child.Kill();
            child.WaitForExit();
            child.Dispose();
        }
    }

    private static bool HasResidentMemory(string directory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(directory, "status")).Contains("VmRSS:", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
