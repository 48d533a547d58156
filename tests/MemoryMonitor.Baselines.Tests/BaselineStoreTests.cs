using MemoryMonitor.Analysis.Baselines;
using MemoryMonitor.Analysis.Dna;
using Microsoft.Data.Sqlite;

namespace MemoryMonitor.Baselines.Tests;

public sealed class BaselineStoreTests
{
    private const string Identity = "/usr/bin/python3 -m worker --listen <n>:<port>";
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 30, 15, 250, TimeSpan.Zero);

    private static readonly DnaBaseline Sample = new(
        new DnaFeatures(27.5, 0.02, 0.15, 20, 0.8, null, 0.12, 2.5, 0.01, 0.35), 42, At);

    [Fact]
    public void Baselines_survive_closing_and_reopening_the_store()
    {
        using var directory = new TemporaryDirectory();
        var stateDirectory = Path.Combine(directory.Path, "state", "nested");
        var reports = new List<string>();

        using (var store = BaselineStore.Open(stateDirectory, reports.Add))
        {
            store.Save(Identity, Sample);
            store.Save("other", Sample with { Samples = 1 });
            store.Save("other", Sample with { Samples = 2 });
            Assert.True(store.IsPersistent);
        }

        using (var reopened = BaselineStore.Open(stateDirectory, reports.Add))
        {
            Assert.Equal(Sample, reopened.Load(Identity));
            Assert.Equal(2, reopened.Load("other")?.Samples);
            Assert.Null(reopened.Load("never saved"));
            Assert.Equal(2, reopened.Count);
        }

        Assert.Empty(reports);
        Assert.True(File.Exists(Path.Combine(stateDirectory, BaselineStore.FileName)));
    }

    [Fact]
    public void New_file_is_in_wal_mode_with_the_schema_version_set()
    {
        using var directory = new TemporaryDirectory();
        using (var store = BaselineStore.Open(directory.Path, _ => { }))
        {
            store.Save(Identity, Sample);
        }

        using var connection = new SqliteConnection($"Data Source={directory.File(BaselineStore.FileName)};Pooling=False");
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar(connection, "PRAGMA user_version"));
    }

    [Fact]
    public void Corrupt_file_is_reported_moved_aside_and_rebuilt_empty()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File(BaselineStore.FileName);
        var garbage = new byte[8192];
        new Random(5).NextBytes(garbage);
        File.WriteAllBytes(path, garbage);
        var reports = new List<string>();
        var clock = new FixedClock(new DateTimeOffset(2025, 3, 1, 4, 5, 6, TimeSpan.Zero));

        using (var store = BaselineStore.Open(directory.Path, reports.Add, clock))
        {
            Assert.True(store.IsPersistent);
            Assert.Equal(0, store.Count);
            store.Save(Identity, Sample);
        }

        var report = Assert.Single(reports);
        Assert.Contains(path, report, StringComparison.Ordinal);
        Assert.Contains("corrupt", report, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', report);
        var aside = path + ".corrupt-20250301T040506Z";
        Assert.Equal(garbage, File.ReadAllBytes(aside));

        using var reopened = BaselineStore.Open(directory.Path, reports.Add);
        Assert.Equal(Sample, reopened.Load(Identity));
        Assert.Single(reports);
    }

    [Fact]
    public void Writes_to_a_database_locked_by_another_process_fall_back_to_memory()
    {
        using var directory = new TemporaryDirectory();
        var reports = new List<string>();
        using (var seed = BaselineStore.Open(directory.Path, reports.Add))
        {
            seed.Save("seeded", Sample);
        }

        using var store = BaselineStore.Open(directory.Path, reports.Add);
        using var holder = HoldExclusiveLock(directory.File(BaselineStore.FileName));

        store.Save(Identity, Sample);
        store.Save(Identity, Sample with { Samples = 43 });

        var report = Assert.Single(reports);
        Assert.Contains("locked", report, StringComparison.Ordinal);
        Assert.Contains(directory.File(BaselineStore.FileName), report, StringComparison.Ordinal);
        Assert.False(store.IsPersistent);
        Assert.Equal(43, store.Load(Identity)?.Samples);
        // WAL readers are not blocked by a writer, so what was on file stays visible.
        Assert.Equal(Sample, store.Load("seeded"));
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Opening_a_database_locked_exclusively_works_in_memory()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File(BaselineStore.FileName);
        // A rollback-journal database: there, BEGIN EXCLUSIVE also shuts out readers.
        using var holder = HoldExclusiveLock(path, createTable: true);
        var reports = new List<string>();

        using var store = BaselineStore.Open(directory.Path, reports.Add);
        store.Save(Identity, Sample);

        var report = Assert.Single(reports);
        Assert.Contains("locked", report, StringComparison.Ordinal);
        Assert.Contains(path, report, StringComparison.Ordinal);
        Assert.False(store.IsPersistent);
        Assert.Equal(Sample, store.Load(Identity));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Baselines_kept_in_memory_while_locked_are_written_once_the_lock_is_released()
    {
        using var directory = new TemporaryDirectory();
        var reports = new List<string>();
        var failures = new BaselineSaveFailures();
        using var store = BaselineStore.Open(directory.Path, reports.Add, TimeProvider.System, TimeSpan.Zero, failures);
        using (HoldExclusiveLock(directory.File(BaselineStore.FileName)))
        {
            store.Save(Identity, Sample);
            Assert.False(store.IsPersistent);
        }

        store.Save("other", Sample with { Samples = 7 });

        Assert.True(store.IsPersistent);
        Assert.Equal(1, failures.Get(BaselineStoreFault.Locked));
        Assert.Collection(
            reports,
            locked => Assert.Contains("locked by another process", locked, StringComparison.Ordinal),
            recovered => Assert.Contains("writable again; wrote the 1 baselines", recovered, StringComparison.Ordinal));
        using var reopened = BaselineStore.Open(directory.Path, reports.Add);
        Assert.Equal(Sample, reopened.Load(Identity));
        Assert.Equal(7, reopened.Load("other")?.Samples);
    }

    [Fact]
    public void A_store_opened_while_locked_opens_the_file_once_the_lock_is_released()
    {
        using var directory = new TemporaryDirectory();
        var reports = new List<string>();
        var failures = new BaselineSaveFailures();
        BaselineStore store;
        using (HoldExclusiveLock(directory.File(BaselineStore.FileName), createTable: true))
        {
            store = BaselineStore.Open(directory.Path, reports.Add, TimeProvider.System, TimeSpan.Zero, failures);
            store.Save(Identity, Sample);
        }

        using (store)
        {
            Assert.Equal(Sample, store.Load(Identity));
            Assert.True(store.IsPersistent);
        }

        Assert.Equal(1, failures.Get(BaselineStoreFault.Locked));
        Assert.Equal(2, reports.Count);
        using var reopened = BaselineStore.Open(directory.Path, reports.Add);
        Assert.Equal(Sample, reopened.Load(Identity));
    }

    [Fact]
    public void The_file_is_tried_again_only_after_the_retry_interval_and_once_more_on_dispose()
    {
        using var directory = new TemporaryDirectory();
        var reports = new List<string>();
        var failures = new BaselineSaveFailures();
        var store = BaselineStore.Open(directory.Path, reports.Add, new FixedClock(At), TimeSpan.FromMinutes(1), failures);
        using (HoldExclusiveLock(directory.File(BaselineStore.FileName)))
        {
            store.Save(Identity, Sample);
        }

        store.Save("other", Sample);

        Assert.False(store.IsPersistent);
        Assert.Equal(2, failures.Get(BaselineStoreFault.Locked));
        Assert.Single(reports);
        store.Dispose();
        Assert.Contains("writable again; wrote the 2 baselines", reports[^1], StringComparison.Ordinal);
        using var reopened = BaselineStore.Open(directory.Path, reports.Add);
        Assert.Equal(2, reopened.Count);
    }

    [Fact]
    public void The_wal_file_stays_small_however_often_baselines_are_saved()
    {
        using var directory = new TemporaryDirectory();
        using var store = BaselineStore.Open(directory.Path, _ => { });

        for (var i = 0; i < 1000; i++)
        {
            store.Save($"identity {i % 10}", Sample with { Samples = i });
        }

        // 64 frames of a 4 KiB page and its 24-byte header, plus the 32-byte file header and one commit's overshoot.
        Assert.InRange(new FileInfo(directory.File(BaselineStore.FileName + "-wal")).Length, 1, 70 * (4096 + 24));
    }

    [Fact]
    public void State_directory_that_is_a_file_is_reported_and_the_store_works_in_memory()
    {
        using var directory = new TemporaryDirectory();
        var notADirectory = directory.File("state");
        File.WriteAllText(notADirectory, "a file where the state directory should be");
        var reports = new List<string>();

        using var store = BaselineStore.Open(notADirectory, reports.Add);
        store.Save(Identity, Sample);

        var report = Assert.Single(reports);
        Assert.Contains(notADirectory, report, StringComparison.Ordinal);
        Assert.Equal(Sample, store.Load(Identity));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void State_directory_under_proc_is_reported_without_throwing()
    {
        // Tests run as root, so chmod cannot make a directory unwritable; procfs refuses mkdir to root too.
        var reports = new List<string>();

        using var store = BaselineStore.Open("/proc/memmon-baselines-test/state", reports.Add);
        store.Save(Identity, Sample);

        Assert.Single(reports);
        Assert.False(store.IsPersistent);
        Assert.Equal(Sample, store.Load(Identity));
    }

    [Fact]
    public void Database_path_taken_by_a_directory_is_reported_without_throwing()
    {
        using var directory = new TemporaryDirectory();
        Directory.CreateDirectory(directory.File(BaselineStore.FileName));
        var reports = new List<string>();

        using var store = BaselineStore.Open(directory.Path, reports.Add);
        store.Save(Identity, Sample);

        var report = Assert.Single(reports);
        Assert.Contains(directory.File(BaselineStore.FileName), report, StringComparison.Ordinal);
        Assert.Equal(Sample, store.Load(Identity));
    }

    [Fact]
    public void File_from_a_newer_schema_is_left_untouched()
    {
        using var directory = new TemporaryDirectory();
        var path = directory.File(BaselineStore.FileName);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, "CREATE TABLE future (x); PRAGMA user_version = 99;");
        }

        var before = File.ReadAllBytes(path);
        var reports = new List<string>();

        using (var store = BaselineStore.Open(directory.Path, reports.Add))
        {
            store.Save(Identity, Sample);
            Assert.Equal(Sample, store.Load(Identity));
        }

        Assert.Contains("newer", Assert.Single(reports), StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    private static SqliteConnection HoldExclusiveLock(string path, bool createTable = false)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        if (createTable)
        {
            Scalar(connection, "CREATE TABLE held (x)");
        }

        Scalar(connection, "BEGIN EXCLUSIVE");
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
