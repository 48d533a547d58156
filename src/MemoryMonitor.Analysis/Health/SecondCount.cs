namespace MemoryMonitor.Analysis.Health;

/// <summary>
/// A length of time in the evidence of a health factor or suggestion, such as the time until a limit is reached.
/// Like <see cref="ByteCount"/>, Analysis states how long and the CLI renders it ("30 min"). Not a
/// <see cref="TimeSpan"/>: a forecast from a very slow growth can exceed what a TimeSpan holds.
/// </summary>
/// <param name="Seconds">The length in seconds.</param>
public readonly record struct SecondCount(double Seconds);
