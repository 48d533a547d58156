using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Collection;

namespace MemoryMonitor.Agent.Tests;

/// <summary>
/// Test classes that host the agent inside the test process run one at a time, so each host's sweeps, scrapes and
/// pushes are the only ones in the process while its test reads them. In production there is one agent per process.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InProcessAgent
{
    public const string Name = "In-process agent";

    /// <summary>An agent on loopback with a fresh state directory; tests set what they exercise with `with`.</summary>
    public static AgentOptions Options(int port, TimeSpan interval) => new()
    {
        ListenHost = "127.0.0.1",
        ListenPort = port,
        StateDirectory = TempStateDirectory.Create(),
        Interval = interval,
    };

    /// <summary>Every process with series of its own (the worst case for cardinality), no smaps reads, a sweep every 200 ms.</summary>
    public static AgentOptions EveryProcess(int port) => Options(port, TimeSpan.FromMilliseconds(200)) with
    {
        TopProcesses = 100_000,
        Collection = new CollectionSettings { SmapsInterval = TimeSpan.Zero },
    };
}
