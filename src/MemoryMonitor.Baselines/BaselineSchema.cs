using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Baselines;

/// <summary>Opens <c>baselines.db</c> at the schema this version writes, upgrading an older file and refusing a newer one.</summary>
internal static class BaselineSchema
{
    /// <summary>Schema written by this version, kept in PRAGMA user_version.</summary>
    public const int Version = 1;

    /// <summary>
    /// An open connection to <paramref name="path"/> at <see cref="Version"/>, creating the file if needed.
    /// Throws <see cref="NewerSchemaException"/> for a newer file and a corrupt <see cref="SqliteException"/>
    /// when the integrity check fails.
    /// </summary>
    public static SqliteConnection Open(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // No pooling: a pooled handle would keep the file open after Dispose, so a corrupt file
            // could not be moved aside and a restart in the same process would not really reopen it.
            Pooling = false,
            // Seconds Microsoft.Data.Sqlite retries a busy database; the agent must not stall a
            // sweep behind another process's lock, and 0 would mean wait forever.
            DefaultTimeout = 1,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            // The version is read before anything writes, so a newer version's file stays byte for byte.
            var version = Convert.ToInt64(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);
            if (version > Version)
            {
                throw new NewerSchemaException(version, Version);
            }

            var check = Convert.ToString(Scalar(connection, "PRAGMA quick_check"), CultureInfo.InvariantCulture);
            if (!string.Equals(check, "ok", StringComparison.Ordinal))
            {
                throw new SqliteException($"integrity check failed: {check}", SqliteResultCode.Corrupt);
            }

            // WAL lets the CLI read baselines while the agent writes, and survives a crash mid-write.
            Execute(connection, "PRAGMA journal_mode = WAL");
            // In WAL mode NORMAL cannot corrupt the file; a power cut may lose the last few baseline updates, which the
            // agent relearns. FULL would fsync on every save, dozens a tick on a busy node.
            Execute(connection, "PRAGMA synchronous = NORMAL");
            // Each save is its own commit of a page or two, so at SQLite's default checkpoint of 1000 pages a handful of
            // baselines grows the -wal file to 4 MiB; a small or nearly full state volume fills up before that checkpoint
            // and stays full. 64 pages keeps the -wal file near 256 KiB at the cost of a checkpoint every 64 commits.
            Execute(connection, "PRAGMA wal_autocheckpoint = 64");
            if (version < Version)
            {
                Migrate(connection);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            // Version 1. Later versions add steps here, each guarded by the version it upgrades from.
            command.CommandText = """
                CREATE TABLE IF NOT EXISTS baselines (
                    identity TEXT PRIMARY KEY NOT NULL,
                    samples INTEGER NOT NULL,
                    updated_at_ms INTEGER NOT NULL,
                    level REAL NOT NULL,
                    variability REAL NOT NULL,
                    trend REAL NOT NULL,
                    period REAL NOT NULL,
                    period_strength REAL NOT NULL,
                    anon_share REAL,
                    resident_to_virtual REAL,
                    minor_fault_rate REAL NOT NULL,
                    major_fault_rate REAL NOT NULL,
                    complexity REAL NOT NULL
                ) WITHOUT ROWID;
                PRAGMA user_version = 1;
                """;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
