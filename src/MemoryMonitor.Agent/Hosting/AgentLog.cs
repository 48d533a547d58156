using Microsoft.Extensions.Logging;

namespace MemoryMonitor.Agent.Hosting;

/// <summary>Log messages of the hosting layer.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Baselines: {Problem}")]
    public static partial void BaselineStoreProblem(ILogger logger, string problem);
}
