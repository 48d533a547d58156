using MemoryMonitor.Agent.Configuration;

namespace MemoryMonitor.Agent.Tests;

/// <summary>
/// Test classes that host the agent inside the test process run one at a time: every host registers the same
/// meter name, and an OpenTelemetry meter provider listens to every meter of that name in the process, so two
/// live hosts would export each other's instruments. In production there is one agent per process.
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
}
