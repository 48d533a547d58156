namespace MemoryMonitor.Analysis.Health;

/// <summary>
/// An amount of memory in the evidence of a health factor or suggestion. Analysis states how much; how that reads
/// for a person ("1.5 GiB") is the host's business, so the CLI renders every byte count in one place.
/// </summary>
/// <param name="Bytes">The amount in bytes; fractional for rates scaled to a period.</param>
public readonly record struct ByteCount(double Bytes);
