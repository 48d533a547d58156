namespace MemoryMonitor.Cli.Replay;

/// <summary>A recorded series that cannot be read; the message names the file and line.</summary>
internal sealed class SeriesCsvException(string message) : Exception(message);
