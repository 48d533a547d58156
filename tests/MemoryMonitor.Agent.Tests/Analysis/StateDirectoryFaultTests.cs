using System.Globalization;
using System.Text.RegularExpressions;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Analysis.Baselines;
using MemoryMonitor.Analysis.Dna;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Baselines;
using MemoryMonitor.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MemoryMonitor.Agent.Tests.Analysis;

/// <summary>
/// A broken state directory must never stop the agent: it reports, rebuilds or falls back to memory, and serves.
/// The agent here learns a baseline for every process on every tick from its eighth on, so saves start within seconds;
/// a store in fault tries its file again 200 ms after the last failure.
/// </summary>
[Collection(InProcessAgent.Name)]
[Trait("Category", "Integration")]
public sealed partial class StateDirectoryFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_corrupt_baseline_database_is_set_aside_and_rebuilt_while_the_agent_serves()
    {
        var state = TempStateDirectory.Create();
        await File.WriteAllBytesAsync(Path.Combine(state, "baselines.db"), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 31))]);

        var text = await ServeOnceAsync(state);

        Assert.Contains("memmon_system_memory_bytes", text, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(state, "baselines.db.corrupt-*"));
        Assert.True(new FileInfo(Path.Combine(state, "baselines.db")).Length > 0);
    }

    [Fact]
    public async Task A_state_directory_that_cannot_be_created_leaves_the_agent_serving_on_memory()
    {
        var blocker = Path.Combine(TempStateDirectory.Create(), "a-file");
        await File.WriteAllTextAsync(blocker, "not a directory");

        var text = await ServeOnceAsync(Path.Combine(blocker, "state"));

        Assert.Contains("memmon_system_memory_health_score", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_state_directory_keeps_baselines_in_memory_until_it_is_writable_again()
    {
        using var mount = TmpfsMount.Create("ro,size=1m");
        await using var agent = await ServedAgent.StartAsync(mount.Path);

        await agent.WaitForSaveFailuresAsync("read_only");
        agent.AssertLogged("its file system is read-only");
        Assert.False(agent.Store.IsPersistent);
        Assert.True(agent.Store.Count > 0, "the baselines learnt meanwhile are held in memory");

        mount.Remount("rw");

        await agent.WaitForFileAsync();
        agent.AssertLogged("is writable again");
        Assert.True(RowsIn(mount.Path) > 0);
    }

    [Fact]
    public async Task A_full_state_directory_keeps_baselines_in_memory_until_space_is_freed()
    {
        using var mount = TmpfsMount.Create("size=1m");
        var filler = mount.Fill();
        await using var agent = await ServedAgent.StartAsync(mount.Path);

        await agent.WaitForSaveFailuresAsync("no_space");
        agent.AssertLogged("no space left");
        Assert.False(agent.Store.IsPersistent);
        Assert.True(agent.Store.Count > 0, "the baselines learnt meanwhile are held in memory");

        File.Delete(filler);

        await agent.WaitForFileAsync();
        agent.AssertLogged("is writable again");
        Assert.True(RowsIn(mount.Path) > 0);
    }

    [Fact]
    public async Task A_baseline_database_locked_by_another_connection_is_written_once_the_lock_is_released()
    {
        var state = TempStateDirectory.Create();
        using (var seed = BaselineStore.Open(state, message => Assert.Fail(message)))
        {
            seed.Save("seeded", DnaBaseline.Start(new DnaFeatures(27.5, 0.02, 0.15, 20, 0.8, null, 0.12, 2.5, 0.01, 0.35), DateTimeOffset.UnixEpoch));
        }

        using var holder = new SqliteConnection($"Data Source={Path.Combine(state, BaselineStore.FileName)};Pooling=False");
        holder.Open();
        // Out of WAL, BEGIN EXCLUSIVE shuts out readers too: the agent cannot even open the file.
        Execute(holder, "PRAGMA journal_mode = DELETE");
        Execute(holder, "BEGIN EXCLUSIVE");
        await using var agent = await ServedAgent.StartAsync(state);

        await agent.WaitForSaveFailuresAsync("locked");
        agent.AssertLogged("locked by another process");
        Assert.False(agent.Store.IsPersistent);

        holder.Dispose();

        await agent.WaitForFileAsync();
        agent.AssertLogged("is writable again");
        Assert.True(RowsIn(state) > 1, "the seeded row and those the agent kept in memory");
        Assert.NotNull(agent.Store.Load("seeded"));
    }

    private static async Task<string> ServeOnceAsync(string stateDirectory)
    {
        await using var agent = await ServedAgent.StartAsync(stateDirectory);
        return await agent.ScrapeAsync();
    }

    private static long RowsIn(string stateDirectory)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(stateDirectory, BaselineStore.FileName)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM baselines";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [GeneratedRegex("""^memmon_agent_baseline_save_failures_total\{reason="(\w+)"\} (\S+)""", RegexOptions.Multiline)]
    private static partial Regex SaveFailures();

    /// <summary>An agent serving on a free port with a captured log, stopped on dispose.</summary>
    private sealed class ServedAgent(WebApplication app, HttpClient http, CapturedLog log) : IAsyncDisposable
    {
        public BaselineStore Store => app.Services.GetRequiredService<BaselineStore>();

        public static async Task<ServedAgent> StartAsync(string stateDirectory)
        {
            var port = Ports.Free();
            var app = AgentHost.Build(InProcessAgent.Options(port, TimeSpan.FromMilliseconds(200)) with
            {
                StateDirectory = stateDirectory,
                Analysis = new AnalysisSettings { DnaEveryTicks = 1 },
                BaselineRetryInterval = TimeSpan.FromMilliseconds(200),
            });
            var log = new CapturedLog();
            app.Services.GetRequiredService<ILoggerFactory>().AddProvider(log);
            await app.StartAsync();
            var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Readiness.WaitAsync(http);
            return new ServedAgent(app, http, log);
        }

        public Task<string> ScrapeAsync() => http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        /// <summary>Scrapes until the agent counts a save kept in memory for <paramref name="reason"/>, and no other reason.</summary>
        public async Task WaitForSaveFailuresAsync(string reason)
        {
            var deadline = DateTime.UtcNow + Deadline;
            var failures = new Dictionary<string, double>();
            while (!failures.ContainsKey(reason) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                failures = SaveFailures().Matches(await ScrapeAsync())
                    .ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            }

            Assert.True(failures.ContainsKey(reason), $"no memmon_agent_baseline_save_failures_total{{reason=\"{reason}\"}} within {Deadline}; log:\n{string.Join('\n', log.Lines)}");
            Assert.Equal(reason, Assert.Single(failures.Keys));
            Assert.True(failures[reason] > 0);
        }

        /// <summary>Waits until the store writes through to its file again, which it does after writing what it held.</summary>
        public async Task WaitForFileAsync()
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (!Store.IsPersistent && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(Store.IsPersistent, $"the baseline store did not write to its file again within {Deadline}; log:\n{string.Join('\n', log.Lines)}");
        }

        /// <summary>The agent logged one line about its baselines that says <paramref name="words"/> and names the file.</summary>
        public void AssertLogged(string words) =>
            Assert.True(
                log.Lines.Any(line => line.Contains("Baselines:", StringComparison.Ordinal) && line.Contains(words, StringComparison.Ordinal) && line.Contains(Store.FilePath, StringComparison.Ordinal)),
                $"no log line about the baselines saying \"{words}\"; log:\n{string.Join('\n', log.Lines)}");

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
