using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MemoryMonitor.TestSupport;

namespace MemoryMonitor.Agent.Tests.Hardening;

/// <summary>`memmon serve` as a real child process (optionally under setpriv as another user), for tests of privileges and signals.</summary>
internal sealed class ServingMemmon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    /// <summary>
    /// The built agent copied once into a world-readable folder: another user cannot reach the build output when the
    /// checkout sits under a private directory (mktemp -d is 0700, as a CI checkout may be).
    /// </summary>
    private static readonly Lazy<string> ReadableCopy = new(CopyForOtherUsers);

    private ServingMemmon(Process process, int port, string stateDirectory)
    {
        _process = process;
        Port = port;
        StateDirectory = stateDirectory;
        process.ErrorDataReceived += (_, e) => { lock (_stderr) { _stderr.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (_stderr) { _stderr.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public string StateDirectory { get; }

    public string Log
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <param name="privileges">setpriv arguments to run as another user, or empty to run as this one.</param>
    public static async Task<ServingMemmon> StartAsync(IReadOnlyList<string> privileges, params string[] extraArgs)
    {
        var port = Ports.Free();
        var state = Directory.CreateTempSubdirectory("memmon-serve-");
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(state.FullName, (UnixFileMode)0b111_111_111); // writable by the unprivileged user too
        }
        var info = new ProcessStartInfo(privileges.Count > 0 ? "setpriv" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in privileges)
        {
            info.ArgumentList.Add(argument);
        }

        if (privileges.Count > 0)
        {
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(Path.Combine(privileges.Count > 0 ? ReadableCopy.Value : AppContext.BaseDirectory, "memmon.dll"));
        foreach (var argument in (string[])["serve", "--listen", $"127.0.0.1:{port}", "--interval", "500ms", "--smaps-interval", "500ms", "--state-dir", state.FullName, .. extraArgs])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = state.FullName; // the unprivileged user has no home of its own
        info.WorkingDirectory = state.FullName; // nor access to the test run's directory, which the host takes as its content root
        var serving = new ServingMemmon(Process.Start(info)!, port, state.FullName);
        await serving.WaitReadyAsync();
        return serving;
    }

    public async Task<string> ScrapeAsync()
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/metrics"));
    }

    /// <summary>Sends SIGTERM and returns the exit code (or throws if it does not exit within the timeout).</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"memmon serve exited with {_process.ExitCode}: {Log}");
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/readyz"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"memmon serve never became ready: {Log}");
    }

    private static string CopyForOtherUsers()
    {
        var target = Directory.CreateTempSubdirectory("memmon-agent-").FullName;
        foreach (var source in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(AppContext.BaseDirectory, source));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
        }

        if (OperatingSystem.IsLinux())
        {
            foreach (var directory in Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories).Prepend(target))
            {
                File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            }
        }

        return target;
    }
}
