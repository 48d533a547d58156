namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>One NAB data file: its path relative to data/ (the key in combined_windows.json), its values and windows.</summary>
internal sealed class NabDataFile(string name, double[] values, NabWindow[] windows)
{
    public string Name { get; } = name;

    public double[] Values { get; } = values;

    public NabWindow[] Windows { get; } = windows;

    public int Rows => Values.Length;
}
