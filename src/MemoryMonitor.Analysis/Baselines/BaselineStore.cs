using System.Globalization;
using MemoryMonitor.Analysis.Dna;
using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Analysis.Baselines;

/// <summary>
/// Learnt baselines per executable identity, kept in an SQLite file (<c>baselines.db</c>) in the
/// agent's state directory so they survive restarts.
/// </summary>
/// <remarks>
/// The store never throws for a fault in its file: a corrupt file is moved aside and rebuilt empty;
/// a locked, unreadable or unwritable one makes the store keep baselines in memory until restart.
/// Each fault is reported once, in one line naming the file, through the callback given to
/// <see cref="Open(string, Action{string})"/>. Thread-safe.
/// </remarks>
public sealed class BaselineStore : IDisposable
{
    /// <summary>Name of the database file inside the state directory.</summary>
    public const string FileName = "baselines.db";

    /// <summary>Schema written by this version, kept in PRAGMA user_version.</summary>
    internal const int SchemaVersion = 1;

    // SQLite primary result codes (https://www.sqlite.org/rescode.html).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private const string Columns =
        "identity, samples, updated_at_ms, level, variability, trend, period, period_strength, anon_share, resident_to_virtual, minor_fault_rate, major_fault_rate, complexity";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DnaBaseline> _memory = new(StringComparer.Ordinal);
    private readonly Action<string> _report;
    private SqliteConnection? _connection;
    private bool _writesFailed;
    private bool _disposed;

    private BaselineStore(string path, Action<string> report)
    {
        FilePath = path;
        _report = report;
    }

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>True while new baselines are written to the file; false once the store fell back to memory.</summary>
    public bool IsPersistent
    {
        get
        {
            lock (_gate)
            {
                return _connection is not null && !_writesFailed;
            }
        }
    }

    /// <summary>Number of identities with a baseline, on file or held in memory.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_connection is null)
                {
                    return _memory.Count;
                }

                try
                {
                    using var command = _connection.CreateCommand();
                    command.CommandText = "SELECT COUNT(*) FROM baselines";
                    var count = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
                    foreach (var identity in _memory.Keys)
                    {
                        if (!ExistsOnFile(_connection, identity))
                        {
                            count++;
                        }
                    }

                    return count;
                }
                catch (SqliteException e)
                {
                    AbandonFile(e, "read");
                    return _memory.Count;
                }
            }
        }
    }

    /// <summary>
    /// Opens or creates <c>baselines.db</c> in <paramref name="stateDirectory"/>, creating the directory
    /// if needed. Never throws for a problem with the file or directory: see the class remarks.
    /// </summary>
    /// <param name="stateDirectory">The agent's state directory.</param>
    /// <param name="report">Receives one line per fault, naming the file and what the store did about it.</param>
    public static BaselineStore Open(string stateDirectory, Action<string> report) =>
        Open(stateDirectory, report, TimeProvider.System);

    /// <summary>As <see cref="Open(string, Action{string})"/>, with the clock that stamps a corrupt file moved aside.</summary>
    public static BaselineStore Open(string stateDirectory, Action<string> report, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var directory = Path.GetFullPath(stateDirectory);
        var store = new BaselineStore(Path.Combine(directory, FileName), report);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            report($"baseline store: cannot create state directory {directory} for {FileName} ({e.Message}); keeping baselines in memory only until restart");
            return store;
        }

        store._connection = store.OpenFile(timeProvider);
        return store;
    }

    /// <summary>The baseline learnt for <paramref name="identity"/>, or null when there is none.</summary>
    public DnaBaseline? Load(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_memory.TryGetValue(identity, out var held))
            {
                return held;
            }

            if (_connection is null)
            {
                return null;
            }

            try
            {
                using var command = _connection.CreateCommand();
                command.CommandText = $"SELECT {Columns} FROM baselines WHERE identity = $identity";
                command.Parameters.AddWithValue("$identity", identity);
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadBaseline(reader) : null;
            }
            catch (SqliteException e)
            {
                AbandonFile(e, "read");
                return null;
            }
        }
    }

    /// <summary>Stores <paramref name="baseline"/> for <paramref name="identity"/>, replacing any earlier one.</summary>
    public void Save(string identity, DnaBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(baseline);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_connection is not null && !_writesFailed)
            {
                try
                {
                    Upsert(_connection, identity, baseline);
                    return;
                }
                catch (SqliteException e)
                {
                    _writesFailed = true;
                    _report(IsBusy(e)
                        ? $"baseline store: {FilePath} is locked by another process ({e.Message}); keeping new baselines in memory only until restart"
                        : $"baseline store: cannot write {FilePath} ({e.Message}); keeping new baselines in memory only until restart");
                }
            }

            _memory[identity] = baseline;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _connection?.Dispose();
            _connection = null;
        }
    }

    private SqliteConnection? OpenFile(TimeProvider timeProvider)
    {
        try
        {
            return OpenAndMigrate(FilePath);
        }
        catch (SqliteException e) when (IsCorrupt(e))
        {
            string aside;
            try
            {
                aside = MoveAside(FilePath, timeProvider);
            }
            catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
            {
                _report($"baseline store: {FilePath} is corrupt ({e.Message}) and could not be moved aside ({moveError.Message}); keeping baselines in memory only until restart");
                return null;
            }

            _report($"baseline store: {FilePath} is corrupt ({e.Message}); moved it to {aside} and started an empty one");
            try
            {
                return OpenAndMigrate(FilePath);
            }
            catch (SqliteException retry)
            {
                _report($"baseline store: cannot create {FilePath} after moving the corrupt one aside ({retry.Message}); keeping baselines in memory only until restart");
                return null;
            }
        }
        catch (SqliteException e) when (IsBusy(e))
        {
            _report($"baseline store: {FilePath} is locked by another process ({e.Message}); keeping baselines in memory only until restart");
            return null;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or NewerSchemaException)
        {
            _report($"baseline store: cannot open {FilePath} ({e.Message}); keeping baselines in memory only until restart");
            return null;
        }
    }

    private static SqliteConnection OpenAndMigrate(string path)
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
            if (version > SchemaVersion)
            {
                throw new NewerSchemaException(version, SchemaVersion);
            }

            var check = Convert.ToString(Scalar(connection, "PRAGMA quick_check"), CultureInfo.InvariantCulture);
            if (!string.Equals(check, "ok", StringComparison.Ordinal))
            {
                throw new SqliteException($"integrity check failed: {check}", SqliteCorrupt);
            }

            // WAL lets the CLI read baselines while the agent writes, and survives a crash mid-write.
            Execute(connection, "PRAGMA journal_mode = WAL");
            // In WAL mode NORMAL cannot corrupt the file; a power cut may lose the last few baseline updates, which the
            // agent relearns. FULL would fsync on every save, dozens a tick on a busy node.
            Execute(connection, "PRAGMA synchronous = NORMAL");
            if (version < SchemaVersion)
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

    private static void Upsert(SqliteConnection connection, string identity, DnaBaseline baseline)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO baselines ({Columns})
            VALUES ($identity, $samples, $updated, $level, $variability, $trend, $period, $strength, $anon, $ratio, $minor, $major, $complexity)
            ON CONFLICT(identity) DO UPDATE SET
                samples = excluded.samples, updated_at_ms = excluded.updated_at_ms, level = excluded.level,
                variability = excluded.variability, trend = excluded.trend, period = excluded.period,
                period_strength = excluded.period_strength, anon_share = excluded.anon_share,
                resident_to_virtual = excluded.resident_to_virtual, minor_fault_rate = excluded.minor_fault_rate,
                major_fault_rate = excluded.major_fault_rate, complexity = excluded.complexity
            """;
        var f = baseline.Features;
        command.Parameters.AddWithValue("$identity", identity);
        command.Parameters.AddWithValue("$samples", baseline.Samples);
        command.Parameters.AddWithValue("$updated", baseline.UpdatedAt.ToUnixTimeMilliseconds());
        // SQLite stores NaN as NULL, which a NOT NULL column refuses; a NaN feature is stored as 0.
        command.Parameters.AddWithValue("$level", Finite(f.Level));
        command.Parameters.AddWithValue("$variability", Finite(f.Variability));
        command.Parameters.AddWithValue("$trend", Finite(f.Trend));
        command.Parameters.AddWithValue("$period", Finite(f.Period));
        command.Parameters.AddWithValue("$strength", Finite(f.PeriodStrength));
        command.Parameters.AddWithValue("$anon", f.AnonShare is { } anon && double.IsFinite(anon) ? anon : DBNull.Value);
        command.Parameters.AddWithValue("$ratio", f.ResidentToVirtual is { } ratio && double.IsFinite(ratio) ? ratio : DBNull.Value);
        command.Parameters.AddWithValue("$minor", Finite(f.MinorFaultRate));
        command.Parameters.AddWithValue("$major", Finite(f.MajorFaultRate));
        command.Parameters.AddWithValue("$complexity", Finite(f.Complexity));
        command.ExecuteNonQuery();
    }

    private static DnaBaseline ReadBaseline(SqliteDataReader reader)
    {
        var features = new DnaFeatures(
            Level: reader.GetDouble(3),
            Variability: reader.GetDouble(4),
            Trend: reader.GetDouble(5),
            Period: reader.GetDouble(6),
            PeriodStrength: reader.GetDouble(7),
            AnonShare: reader.IsDBNull(8) ? null : reader.GetDouble(8),
            ResidentToVirtual: reader.IsDBNull(9) ? null : reader.GetDouble(9),
            MinorFaultRate: reader.GetDouble(10),
            MajorFaultRate: reader.GetDouble(11),
            Complexity: reader.GetDouble(12));
        return new DnaBaseline(features, reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
    }

    private static bool ExistsOnFile(SqliteConnection connection, string identity)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM baselines WHERE identity = $identity";
        command.Parameters.AddWithValue("$identity", identity);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Stops using the file after a read failure; what was saved in memory stays available.</summary>
    private void AbandonFile(SqliteException error, string operation)
    {
        _report(IsBusy(error)
            ? $"baseline store: {FilePath} is locked by another process ({error.Message}); keeping baselines in memory only until restart"
            : $"baseline store: cannot {operation} {FilePath} ({error.Message}); keeping baselines in memory only until restart");
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>
    /// Renames the file to baselines.db.corrupt-&lt;UTC timestamp&gt; (kept for a post-mortem, never
    /// deleted) together with its -wal and -shm companions, which belong to the corrupt file and
    /// would otherwise be replayed into the new one.
    /// </summary>
    private static string MoveAside(string path, TimeProvider timeProvider)
    {
        var stamp = timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var aside = $"{path}.corrupt-{stamp}";
        for (var n = 1; File.Exists(aside); n++)
        {
            aside = $"{path}.corrupt-{stamp}-{n}";
        }

        File.Move(path, aside);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, aside + suffix, overwrite: true);
            }
        }

        return aside;
    }

    private static bool IsCorrupt(SqliteException e) => e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase;

    private static bool IsBusy(SqliteException e) => e.SqliteErrorCode is SqliteBusy or SqliteLocked;

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

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
