namespace MemoryMonitor.Baselines;

/// <summary>
/// The baseline file was written by a newer MemoryMonitor. It is left untouched (a downgrade must not
/// destroy what the newer version learnt) and the store runs in memory.
/// </summary>
internal sealed class NewerSchemaException(long found, int supported)
    : Exception($"schema version {found} is newer than the {supported} this version reads; the file is left untouched");
