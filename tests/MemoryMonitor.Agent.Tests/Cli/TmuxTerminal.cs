using System.Diagnostics;

namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>
/// A real terminal for the CLI: a detached tmux session on its own server socket, so tests never touch a person's
/// tmux. Keys go in with send-keys, the screen comes out with capture-pane; the server is killed on dispose.
/// </summary>
internal sealed class TmuxTerminal : IDisposable
{
    // A socket path of the test's own (tmux -S), so it can be deleted: tmux leaves its socket file behind on exit.
    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"memmon-tmux-{Guid.NewGuid():N}");

    private TmuxTerminal()
    {
    }

    /// <summary>Starts memmon with <paramref name="args"/> in a <paramref name="width"/>x<paramref name="height"/> terminal.</summary>
    public static TmuxTerminal Start(int width, int height, string args, string environment = "")
    {
        var terminal = new TmuxTerminal();
        var dll = Path.Combine(AppContext.BaseDirectory, "memmon.dll");
        terminal.NewSession(width, height, $"{environment} exec dotnet '{dll}' {args}");
        return terminal;
    }

    /// <summary>
    /// The session, on a server whose scrollback holds 100,000 lines: tmux keeps 2,000 by default, and `track` of every
    /// process on a machine where another test runs 800 children writes more, so its header scrolled out of reach.
    /// </summary>
    private void NewSession(int width, int height, string command) =>
        Run("start-server", ";", "set-option", "-g", "history-limit", "100000", ";", "new-session", "-d", "-s", "memmon", "-x", $"{width}", "-y", $"{height}", command);

    /// <summary>The line a command started by <see cref="StartToEnd"/> leaves once it has exited.</summary>
    public const string Exited = "[memmon exited]";

    /// <summary>
    /// Starts a command that ends by itself (track, detect, optimize) so that its output stays on screen afterwards:
    /// the shell prints <see cref="Exited"/> and then sleeps, where an exec would close the window with the program.
    /// </summary>
    public static TmuxTerminal StartToEnd(int width, int height, string args)
    {
        var terminal = new TmuxTerminal();
        var dll = Path.Combine(AppContext.BaseDirectory, "memmon.dll");
        terminal.NewSession(width, height, $"dotnet '{dll}' {args}; echo '{Exited}'; exec sleep 600");
        return terminal;
    }

    /// <summary>
    /// Everything the program wrote, the lines scrolled off the top included, each line the terminal wrapped joined
    /// again (-J), so a line longer than the width shows as one.
    /// </summary>
    public string[] CaptureAll() => [.. Run("capture-pane", "-p", "-J", "-S", "-", "-t", "memmon").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd())];

    public void SendKeys(params string[] keys) => Run(["send-keys", "-t", "memmon", .. keys]);

    public void Resize(int width, int height) => Run("resize-window", "-t", "memmon", "-x", $"{width}", "-y", $"{height}");

    /// <summary>The visible screen, one string per line, trailing blanks trimmed by tmux.</summary>
    public string[] Capture() => Run("capture-pane", "-p", "-t", "memmon").Split('\n');

    /// <summary>The screen with its escape sequences (colours, reverse video) as the program drew them.</summary>
    public string CaptureWithEscapes() => Run("capture-pane", "-p", "-e", "-t", "memmon");

    /// <summary>Waits until the program has exited, which ends the session (and the server with its only session).</summary>
    public async Task WaitForExitAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                Run("has-session", "-t", "memmon");
            }
            catch (InvalidOperationException)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"memmon still running; the screen was:\n{string.Join('\n', Capture())}");
    }

    /// <summary>
    /// Captures until the screen satisfies <paramref name="ready"/>, or fails with the last screen after a deadline
    /// generous enough for a loaded shared machine: the assertion is on what is shown, never on how fast.
    /// </summary>
    public async Task<string[]> WaitForAsync(Func<string[], bool> ready, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var screen = Array.Empty<string>();
        while (DateTime.UtcNow < deadline)
        {
            screen = Capture();
            if (ready(screen))
            {
                return screen;
            }

            await Task.Delay(200);
        }

        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; the screen was:\n{string.Join('\n', screen)}");
    }

    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // The server is already gone: memmon quit and tmux exited with its only window.
        }

        File.Delete(_socket);
    }

    private string Run(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-S");
        info.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var tmux = Process.Start(info)!;
        var output = tmux.StandardOutput.ReadToEnd();
        var error = tmux.StandardError.ReadToEnd();
        tmux.WaitForExit();
        return tmux.ExitCode == 0 ? output : throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {error}");
    }
}
