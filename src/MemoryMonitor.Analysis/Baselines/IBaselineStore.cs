namespace MemoryMonitor.Analysis.Baselines;

/// <summary>
/// Where the engine keeps the baseline it learns per executable identity, so a restarted process is judged
/// against its own past. Analysis only judges; keeping baselines across restarts is the host's choice
/// (MemoryMonitor.Baselines keeps them in SQLite). Implementations must not throw for a storage fault.
/// </summary>
public interface IBaselineStore
{
    /// <summary>The baseline learnt for <paramref name="identity"/>, or null when there is none.</summary>
    DnaBaseline? Load(string identity);

    /// <summary>Keeps <paramref name="baseline"/> for <paramref name="identity"/>, replacing any earlier one.</summary>
    void Save(string identity, DnaBaseline baseline);
}
