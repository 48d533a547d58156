using System.Diagnostics;

namespace MemoryMonitor.Agent.Tests;

/// <summary>
/// A tmpfs mounted on a fresh directory, for faults that file modes cannot make for root: a read-only file system
/// (root ignores chmod) and a full one. Tests run as root; a mount that fails fails the test with mount's own words.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs with <paramref name="options"/> (e.g. "ro,size=1m" or "size=256k").</summary>
    public static TmpfsMount Create(string options)
    {
        var path = TempStateDirectory.Create();
        Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>Changes the mount's options in place, e.g. "rw" to make a read-only mount writable again.</summary>
    public void Remount(string options) => Run("mount", "-o", "remount," + options, Path);

    /// <summary>Writes a file until the file system is full and returns its path: deleting it frees the space.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try
        {
            for (var written = 0L; written < 1L << 30; written += block.Length)
            {
                stream.Write(block);
            }
        }
        catch (IOException e) when (e.HResult == 28)
        {
            // ENOSPC: full, as wanted.
            return filler;
        }

        throw new InvalidOperationException($"{Path} took 1 GiB without filling up: is it really a small tmpfs?");
    }

    public void Dispose()
    {
        Run("umount", Path);
        Directory.Delete(Path);
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException($"{program} could not start");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {errors.Trim()} (these tests need root and tmpfs mounts)");
        }
    }
}
