namespace MemoryMonitor.Operations.Tests.Container;

internal sealed record ContainerExit(bool Running, int ExitCode, bool OomKilled, DateTimeOffset FinishedAt);
