using System.CommandLine;
using MemoryMonitor.Cli.Commands;

var root = new RootCommand(
    "memmon: Linux memory observability. `serve` runs the agent (Prometheus /metrics, optional OTLP push); " +
    "`monitor` shows live system and per-process memory in the terminal.")
{
    ServeCommand.Create(),
    MonitorCommand.Create(),
};

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
