using System.Diagnostics;
using System.Globalization;

namespace MemoryMonitor.Analysis.Tests.Children;

/// <summary>
/// A real child process whose resident memory follows a known shape (Children/memory_pattern.c, compiled with gcc
/// on first use). Resident bytes are read from the kernel's /proc/PID/status, as the agent's sweep does.
/// </summary>
internal sealed class PatternChild : IDisposable
{
    private static readonly Lazy<string> Binary = new(Compile);
    private readonly Process _process;

    private PatternChild(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts memory_pattern with <paramref name="arguments"/> and waits until its base memory is resident.</summary>
    public static Task<PatternChild> StartAsync(string name, params string[] arguments) =>
        StartAsync(name, new ProcessStartInfo(Binary.Value, arguments));

    /// <summary>
    /// Starts memory_pattern already inside a cgroup: a shell writes its own pid to cgroup.procs and then execs the
    /// child, so every page the child ever touches is charged to the group (cgroup v1 does not move charges made
    /// before a process migrates unless memory.move_charge_at_immigrate is set).
    /// </summary>
    public static Task<PatternChild> StartInCgroupAsync(string name, string cgroupProcsFile, params string[] arguments) =>
        StartAsync(name, new ProcessStartInfo("/bin/sh", ["-c", "echo $$ > \"$0\" && exec \"$@\"", cgroupProcsFile, Binary.Value, .. arguments]));

    /// <summary>The child's VmRSS now, in bytes; null once it has exited.</summary>
    public long? ResidentBytes()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }

            return null; // a zombie has no VmRSS line
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public Task WaitForExitAsync(CancellationToken cancellation) => _process.WaitForExitAsync(cancellation);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static async Task<PatternChild> StartAsync(string name, ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line != "ready")
        {
            var errors = process.HasExited ? await process.StandardError.ReadToEndAsync() : string.Empty;
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
            throw new InvalidOperationException($"memory_pattern child '{name}' did not start: '{line}' {errors}");
        }

        return new PatternChild(name, process);
    }

    private static string Compile()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Children", "memory_pattern.c");
        var output = Path.Combine(Directory.CreateTempSubdirectory("memmon-pattern-").FullName, "memory_pattern");
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O1", "-o", output, source, "-lm"]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("gcc not found: the real-process leak tests compile Children/memory_pattern.c");
        var errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed for {source}: {errors}");
        }

        return output;
    }
}
