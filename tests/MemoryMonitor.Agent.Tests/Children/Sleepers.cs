using System.Diagnostics;

namespace MemoryMonitor.Agent.Tests.Children;

/// <summary>Real idle child processes (`sleep 300`), killed and reaped on dispose (once, however often it is called).</summary>
internal sealed class Sleepers : IAsyncDisposable
{
    private readonly List<Process> _children;

    private Sleepers(List<Process> children) => _children = children;

    public IReadOnlySet<int> Pids => _children.Select(c => c.Id).ToHashSet();

    public static Sleepers Start(int count)
    {
        var children = new List<Process>(count);
        for (var i = 0; i < count; i++)
        {
            children.Add(Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!);
        }

        return new Sleepers(children);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var child in _children)
        {
            child.Kill();
            await child.WaitForExitAsync();
            child.Dispose();
        }

        _children.Clear();
    }
}
