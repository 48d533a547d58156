namespace MemoryMonitor.Baselines;

/// <summary>The SQLite primary result codes the store tells apart (https://www.sqlite.org/rescode.html).</summary>
internal static class SqliteResultCode
{
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int NotADatabase = 26;
}
