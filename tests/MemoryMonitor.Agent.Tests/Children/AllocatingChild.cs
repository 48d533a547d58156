using System.Diagnostics;

namespace MemoryMonitor.Agent.Tests.Children;

/// <summary>A real child process holding a known amount of resident memory (tests/.../Children/allocate.c).</summary>
internal sealed class AllocatingChild : IDisposable
{
    private static readonly Lazy<string> Binary = new(Compile);
    private readonly Process _process;

    private AllocatingChild(Process process) => _process = process;

    public int Pid => _process.Id;

    /// <summary>Starts a child holding <paramref name="bytes"/>, growing by <paramref name="growBytesPerSecond"/> when above 0.</summary>
    public static async Task<AllocatingChild> StartAsync(long bytes, long growBytesPerSecond = 0)
    {
        var info = new ProcessStartInfo(Binary.Value)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(bytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (growBytesPerSecond > 0)
        {
            info.ArgumentList.Add(growBytesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var process = Process.Start(info)!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"allocating child did not start: '{line}'");
        }

        return new AllocatingChild(process);
    }

    /// <summary>The child's VmRSS as the kernel reports it right now, read independently of the agent.</summary>
    public long ResidentBytesFromKernel()
    {
        var line = File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public async Task ExitAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static string Compile()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Children", "allocate.c");
        var output = Path.Combine(Path.GetTempPath(), $"memmon-allocate-{Environment.ProcessId}");
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O1", "-o", output, source]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("gcc not found: run scripts/install-test-deps.sh");
        var errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0)
        {
            throw new InvalidOperationException($"gcc failed for {source}: {errors}");
        }

        return output;
    }
}
