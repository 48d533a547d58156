using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Baselines;

/// <summary>Names why <c>baselines.db</c> could not be used, from the exception SQLite or the kernel gave.</summary>
internal static class BaselineFaultDiagnosis
{
    // Linux errno values, which .NET passes on as the HResult of the IOException it throws for them.
    private const int ErrnoNoSpace = 28;
    private const int ErrnoReadOnly = 30;

    /// <summary>The fault behind <paramref name="error"/>, raised while using the file at <paramref name="path"/>.</summary>
    public static BaselineStoreFault Diagnose(Exception error, string path) => error switch
    {
        SqliteException { SqliteErrorCode: SqliteResultCode.Busy or SqliteResultCode.Locked } => BaselineStoreFault.Locked,
        SqliteException { SqliteErrorCode: SqliteResultCode.Full } or IOException { HResult: ErrnoNoSpace } => BaselineStoreFault.NoSpace,
        SqliteException { SqliteErrorCode: SqliteResultCode.ReadOnly } or IOException { HResult: ErrnoReadOnly } => BaselineStoreFault.ReadOnly,
        NewerSchemaException => BaselineStoreFault.NewerSchema,
        // SQLite says only "unable to open database file" (SQLITE_CANTOPEN) when it cannot create the file; opening it
        // directly lets the kernel say why.
        SqliteException => Probe(path),
        _ => BaselineStoreFault.Unavailable,
    };

    /// <summary>True when the file is not a sound SQLite database, so it is moved aside rather than retried.</summary>
    public static bool IsCorrupt(SqliteException error) => error.SqliteErrorCode is SqliteResultCode.Corrupt or SqliteResultCode.NotADatabase;

    /// <summary>The reason a fault report gives, starting with ": ", or nothing when there is no more to say than the error.</summary>
    public static string Because(BaselineStoreFault fault) => fault switch
    {
        BaselineStoreFault.Locked => ": it is locked by another process",
        BaselineStoreFault.NoSpace => ": no space left on its file system",
        BaselineStoreFault.ReadOnly => ": its file system is read-only",
        BaselineStoreFault.NewerSchema => ": it was written by a newer version",
        _ => string.Empty,
    };

    private static BaselineStoreFault Probe(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            return BaselineStoreFault.Unavailable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Diagnose(e, path);
        }
    }
}
