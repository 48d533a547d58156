using System.Diagnostics;

namespace MemoryMonitor.Collection.Tests.Children;

/// <summary>What the real-cgroup tests of this project share: compiling their C children and removing their cgroups.</summary>
internal static class ChildProcesses
{
    /// <summary>Compiles a C child with gcc into <paramref name="output"/>; throws with gcc's diagnostics when it fails.</summary>
    public static string Compile(string source, string output, string optimisation)
    {
        using var gcc = Process.Start(new ProcessStartInfo("gcc", [optimisation, "-o", output, source]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException($"gcc not found: the real-cgroup tests compile {source}");
        var errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        return gcc.ExitCode == 0 ? output : throw new InvalidOperationException($"gcc failed for {source}: {errors}");
    }

    /// <summary>rmdir, retried: a cgroup stays busy (EBUSY) for a moment after its last process is reaped.</summary>
    public static void RemoveCgroup(string path)
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
