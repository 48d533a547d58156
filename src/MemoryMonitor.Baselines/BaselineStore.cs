using System.Globalization;
using MemoryMonitor.Analysis.Baselines;
using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Baselines;

/// <summary>
/// Learnt baselines per executable identity, kept in an SQLite file (<c>baselines.db</c>) in the
/// agent's state directory so they survive restarts.
/// </summary>
/// <remarks>
/// The store never throws for a fault in its file: a corrupt file is moved aside and rebuilt empty
/// (<see cref="CorruptFileQuarantine"/>); a locked, unreadable, unwritable or full one makes the store keep new
/// baselines in memory, and the next load or save after the retry interval tries the file again and writes them
/// there. Each fault is reported once, in one line naming the file, through the callback given to
/// <see cref="Open(string, Action{string})"/>, and so is the recovery; every save kept in memory is
/// counted in <see cref="BaselineSaveFailures"/>. Thread-safe.
/// </remarks>
public sealed class BaselineStore : IBaselineStore, IDisposable
{
    /// <summary>Name of the database file inside the state directory.</summary>
    public const string FileName = "baselines.db";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, DnaBaseline> _memory = new(StringComparer.Ordinal);
    private readonly Action<string> _report;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _retryInterval;
    private readonly BaselineSaveFailures _failures;
    private SqliteConnection? _connection;
    private BaselineUpsert? _upsert;
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
                    var connection = _connection;
                    return BaselineTable.Count(connection) + _memory.Keys.Count(identity => !BaselineTable.Contains(connection, identity));
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
                return BaselineTable.Read(_connection, identity);
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
                    (_upsert ??= new BaselineUpsert(_connection)).Write(identity, baseline);
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

            CloseFile();
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
            _connection ??= CorruptFileQuarantine.Open(FilePath, _clock, _report);
            if (_memory.Count > 0)
            {
                BaselineTable.WriteAll(_connection, _memory);
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

    /// <summary>Enters, or stays in, the memory fallback; a fault is reported when it starts, not on every retry.</summary>
    private void Fail(Exception error, string operation)
    {
        var fault = BaselineFaultDiagnosis.Diagnose(error, FilePath);
        // A newer version's file will not become readable by waiting, so it is not retried until restart.
        var retry = fault == BaselineStoreFault.NewerSchema
            ? "until restart"
            : string.Create(CultureInfo.InvariantCulture, $"and trying the file again every {_retryInterval.TotalSeconds:0.###} s");
        if (fault != _fault)
        {
            _report($"baseline store: cannot {operation} {FilePath}{BaselineFaultDiagnosis.Because(fault)} ({error.Message}); keeping new baselines in memory {retry}");
        }

        _fault = fault;
        _retryAt = fault == BaselineStoreFault.NewerSchema ? DateTimeOffset.MaxValue : _clock.GetUtcNow() + _retryInterval;
    }

    /// <summary>Stops using the file after a read failure; what was saved in memory stays available.</summary>
    private void AbandonFile(SqliteException error)
    {
        Fail(error, "read");
        CloseFile();
    }

    private void CloseFile()
    {
        _upsert?.Dispose();
        _upsert = null;
        _connection?.Dispose();
        _connection = null;
    }
}
