namespace MemoryMonitor.Baselines;

/// <summary>Why the baseline store could not write <c>baselines.db</c> and keeps baselines in memory instead.</summary>
public enum BaselineStoreFault
{
    /// <summary>Another process holds a lock on the file (SQLITE_BUSY or SQLITE_LOCKED beyond the 1 s busy wait).</summary>
    Locked,

    /// <summary>The file system of the state directory is full (SQLITE_FULL, ENOSPC).</summary>
    NoSpace,

    /// <summary>The file or its file system is read-only (SQLITE_READONLY, EROFS).</summary>
    ReadOnly,

    /// <summary>The file was written by a newer version; it is left untouched until restart.</summary>
    NewerSchema,

    /// <summary>Anything else: the directory cannot be created, the path is taken, permission is denied.</summary>
    Unavailable,
}
