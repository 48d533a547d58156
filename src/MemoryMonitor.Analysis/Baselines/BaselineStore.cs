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
/// a locked, unreadable, unwritable or full one makes the store keep new baselines in memory, and the
/// next load or save after the retry interval tries the file again and writes them there. Each fault is
/// reported once, in one line naming the file, through the callback given to
/// <see cref="Open(string, Action{string})"/>, and so is the recovery; every save kept in memory is
/// counted in <see cref="BaselineSaveFailures"/>. Thread-safe.
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
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteNotADatabase = 26;

    // Linux errno values, which .NET passes on as the HResult of the IOException it throws for them.
    private const int ErrnoNoSpace = 28;
    private const int ErrnoReadOnly = 30;

    private const string Columns =
        "identity, samples, updated_at_ms, level, variability, trend, period, period_strength, anon_share, resident_to_virtual, minor_fault_rate, major_fault_rate, complexity";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DnaBaseline> _memory = new(StringComparer.Ordinal);
    private readonly Action<string> _report;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _retryInterval;
    private readonly BaselineSaveFailures _failures;
    private SqliteConnection? _connection;
    private BaselineStoreFault? _fault;
    private DateTimeOffset _retryAt;
    private bool _disposed;

    private BaselineStore(string path, Action<string> report, TimeProvider clock, TimeSpan retryInterval, BaselineSaveFailures failures)
    {
        FilePath = path;
        _report = report;
        _clock = clock;
        _retryInterval = retryInterval;
        _failures = failures;
    }

    /// <summary>How long the store waits after a fault before it tries the file again, unless told otherwise.</summary>
    public static TimeSpan DefaultRetryInterval { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Full path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>True while new baselines are written to the file; false while the store keeps them in memory.</summary>
    public bool IsPersistent
    {
        get
        {
            lock (_gate)
            {
                return _connection is not null && _fault is null;
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
                    AbandonFile(e);
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

    /// <summary>As <see cref="Open(string, Action{string})"/>, with the clock that stamps a corrupt file moved aside and times retries.</summary>
    public static BaselineStore Open(string stateDirectory, Action<string> report, TimeProvider timeProvider) =>
        Open(stateDirectory, report, timeProvider, DefaultRetryInterval, new BaselineSaveFailures());

    /// <summary>
    /// As <see cref="Open(string, Action{string}, TimeProvider)"/>, trying the file again <paramref name="retryInterval"/>
    /// after a fault and counting every save kept in memory in <paramref name="failures"/>.
    /// </summary>
    public static BaselineStore Open(string stateDirectory, Action<string> report, TimeProvider timeProvider, TimeSpan retryInterval, BaselineSaveFailures failures)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(retryInterval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(failures);
        var store = new BaselineStore(Path.Combine(Path.GetFullPath(stateDirectory), FileName), report, timeProvider, retryInterval, failures);
        lock (store._gate)
        {
            store.TryFile();
        }

        return store;
    }

    /// <summary>The baseline learnt for <paramref name="identity"/>, or null when there is none.</summary>
    public DnaBaseline? Load(string identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            RetryIfDue();
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
                AbandonFile(e);
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
            RetryIfDue();
            if (_connection is not null && _fault is null)
            {
                try
                {
                    Upsert(_connection, null, identity, baseline);
                    return;
                }
                catch (SqliteException e)
                {
                    Fail(e, "write");
                }
            }

            _memory[identity] = baseline;
            _failures.Record(_fault ?? BaselineStoreFault.Unavailable);
        }
    }

    /// <summary>Closes the file, after a last try to write what is held in memory.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var held = _memory.Count;
            if (held > 0 && _retryAt != DateTimeOffset.MaxValue && !Recover())
            {
                _report($"baseline store: {FilePath} still cannot be written; the {held} baselines kept in memory are lost");
            }

            _connection?.Dispose();
            _connection = null;
        }
    }

    /// <summary>Tries the file again once the retry interval has passed since the last fault.</summary>
    private void RetryIfDue()
    {
        if (_fault is not null && _clock.GetUtcNow() >= _retryAt)
        {
            Recover();
        }
    }

    /// <summary>Writes the baselines held in memory to the file, reporting that it is usable again.</summary>
    private bool Recover()
    {
        var held = _memory.Count;
        if (!TryFile())
        {
            return false;
        }

        _report($"baseline store: {FilePath} is writable again; wrote the {held} baselines kept in memory meanwhile");
        return true;
    }

    /// <summary>Opens the file if it is not open and moves what is held in memory there; on a fault, falls back to memory.</summary>
    private bool TryFile()
    {
        try
        {
            _connection ??= OpenFile();
            if (_memory.Count > 0)
            {
                using var transaction = _connection.BeginTransaction();
                foreach (var (identity, baseline) in _memory)
                {
                    Upsert(_connection, transaction, identity, baseline);
                }

                transaction.Commit();
                _memory.Clear();
            }

            _fault = null;
            return true;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or NewerSchemaException)
        {
            Fail(e, _connection is null ? "open" : "write");
            return false;
        }
    }

    /// <summary>Opens the file, creating the directory, or moving a corrupt file aside and starting an empty one.</summary>
    private SqliteConnection OpenFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        try
        {
            return OpenAndMigrate(FilePath);
        }
        catch (SqliteException e) when (IsCorrupt(e))
        {
            string aside;
            try
            {
                aside = MoveAside(FilePath, _clock);
            }
            catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"it is corrupt ({e.Message}) and could not be moved aside ({moveError.Message})", moveError.HResult);
            }

            _report($"baseline store: {FilePath} is corrupt ({e.Message}); moved it to {aside} and started an empty one");
            return OpenAndMigrate(FilePath);
        }
    }

    /// <summary>Enters, or stays in, the memory fallback; a fault is reported when it starts, not on every retry.</summary>
    private void Fail(Exception error, string operation)
    {
        var fault = Diagnose(error);
        var retry = fault == BaselineStoreFault.NewerSchema
            ? "until restart"
            : string.Create(CultureInfo.InvariantCulture, $"and trying the file again every {_retryInterval.TotalSeconds:0.###} s");
        if (fault != _fault)
        {
            _report($"baseline store: cannot {operation} {FilePath}{Because(fault)} ({error.Message}); keeping new baselines in memory {retry}");
        }

        _fault = fault;
        _retryAt = fault == BaselineStoreFault.NewerSchema ? DateTimeOffset.MaxValue : _clock.GetUtcNow() + _retryInterval;
    }

    /// <summary>Stops using the file after a read failure; what was saved in memory stays available.</summary>
    private void AbandonFile(SqliteException error)
    {
        Fail(error, "read");
        _connection?.Dispose();
        _connection = null;
    }

    private BaselineStoreFault Diagnose(Exception error) => error switch
    {
        SqliteException e when IsBusy(e) => BaselineStoreFault.Locked,
        SqliteException { SqliteErrorCode: SqliteFull } or IOException { HResult: ErrnoNoSpace } => BaselineStoreFault.NoSpace,
        SqliteException { SqliteErrorCode: SqliteReadOnly } or IOException { HResult: ErrnoReadOnly } => BaselineStoreFault.ReadOnly,
        NewerSchemaException => BaselineStoreFault.NewerSchema,
        // SQLite says only "unable to open database file" (SQLITE_CANTOPEN) when it cannot create the file; opening it
        // directly lets the kernel say why.
        SqliteException => ProbeFile(),
        _ => BaselineStoreFault.Unavailable,
    };

    private BaselineStoreFault ProbeFile()
    {
        try
        {
            using var probe = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            return BaselineStoreFault.Unavailable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Diagnose(e);
        }
    }

    private static string Because(BaselineStoreFault fault) => fault switch
    {
        BaselineStoreFault.Locked => ": it is locked by another process",
        BaselineStoreFault.NoSpace => ": no space left on its file system",
        BaselineStoreFault.ReadOnly => ": its file system is read-only",
        BaselineStoreFault.NewerSchema => ": it was written by a newer version",
        _ => string.Empty,
    };

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
            // Each save is its own commit of a page or two, so at SQLite's default checkpoint of 1000 pages a handful of
            // baselines grows the -wal file to 4 MiB; a small or nearly full state volume fills up before that checkpoint
            // and stays full. 64 pages keeps the -wal file near 256 KiB at the cost of a checkpoint every 64 commits.
            Execute(connection, "PRAGMA wal_autocheckpoint = 64");
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

    private static void Upsert(SqliteConnection connection, SqliteTransaction? transaction, string identity, DnaBaseline baseline)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
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
