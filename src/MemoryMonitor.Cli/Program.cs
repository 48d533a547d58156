using System.CommandLine;
using MemoryMonitor.Cli.Commands;

var root = new RootCommand(
    "memmon: Linux memory observability. `serve` runs the agent (Prometheus /metrics, optional OTLP push); " +
    "`monitor` shows live system and per-process memory in the terminal; `detect` finds anomalies and leaks live or in a " +
    "recorded series; `track` reports each process's memory DNA; `optimize` scores health and suggests fixes; `maps` shows where in a process its memory is; `healthcheck` probes a running agent's /healthz.")
{
    ServeCommand.Create(),
    MonitorCommand.Create(),
    DetectCommand.Create(),
    TrackCommand.Create(),
    OptimizeCommand.Create(),
    MapsCommand.Create(),
    HealthcheckCommand.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
