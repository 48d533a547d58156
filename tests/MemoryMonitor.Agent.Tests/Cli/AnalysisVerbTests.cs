using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MemoryMonitor.Agent.Tests.Children;

namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>`memmon detect`, `track` and `optimize`, run as the real CLI.</summary>
[Trait("Category", "Integration")]
public sealed class AnalysisVerbTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("memmon-cli-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task Replay_scores_every_row_and_the_injected_spike_highest()
    {
        var input = Write("series.csv", Series(600, spikeAt: 450));
        var output = Path.Combine(_folder.FullName, "scored.csv");

        var (exit, _, stderr) = await MemmonProcess.RunAsync(["detect", "--replay", input, "--output", output]);

        Assert.True(exit == 0, stderr);
        var rows = File.ReadAllLines(output);
        Assert.Equal("timestamp,value,anomaly_score", rows[0]);
        Assert.Equal(601, rows.Length);
        var scores = rows.Skip(1).Select(r => double.Parse(r.Split(',')[2], CultureInfo.InvariantCulture)).ToList();
        Assert.All(scores, s => Assert.InRange(s, 0, 1));
        // Once a few 50-row cycles have been learnt, the spike is the only row at or above the alert level.
        var learnt = scores.Skip(150).ToList();
        Assert.Equal(300, learnt.IndexOf(learnt.Max()));
        Assert.True(scores[450] >= 0.5, $"spike scored {scores[450]}");
        Assert.Single(learnt, s => s >= 0.5);
        Assert.Contains("600 rows scored", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-01-01 00:00:00,1\n2024-01-01 00:05:00,x\n", ":3: value 'x' is not a finite number")]
    [InlineData("2024-01-01 00:00:00,1\n2024-01-01 00:05:00\n", ":3: expected 2 fields")]
    [InlineData("2024-01-01 00:00:00,1,2\n", ":2: expected 2 fields")]
    [InlineData("2024-01-01 00:00:00,NaN\n", ":2: value 'NaN' is not a finite number")]
    public async Task Replay_of_a_bad_csv_names_the_line_and_writes_nothing(string rows, string expected)
    {
        var input = Write("bad.csv", "timestamp,value\n" + rows);
        var output = Path.Combine(_folder.FullName, "scored.csv");

        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["detect", "--replay", input, "--output", output]);

        Assert.Equal(2, exit);
        Assert.Equal($"memmon: error: {input}{expected}", stderr.Trim().Split('\n').Single()[..($"memmon: error: {input}".Length + expected.Length)]);
        Assert.Empty(stdout);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Replay_of_a_missing_file_fails_in_one_line()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["detect", "--replay", "/nonexistent/series.csv"]);

        Assert.Equal(2, exit);
        Assert.Equal("memmon: error: /nonexistent/series.csv: no such file", stderr.Trim());
    }

    [Fact]
    public async Task Track_reports_the_dna_of_one_real_process_as_json()
    {
        using var child = await AllocatingChild.StartAsync(32L << 20);

        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["track", "--pid", child.Pid.ToString(CultureInfo.InvariantCulture), "--duration", "4s", "--interval", "200ms", "--json"]);

        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        var process = Assert.Single(report.RootElement.GetProperty("processes").EnumerateArray());
        Assert.Equal(child.Pid, process.GetProperty("pid").GetInt32());
        Assert.StartsWith("memmon-allocate", process.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{16}$", process.GetProperty("dna_hash").GetString());
        Assert.True(process.GetProperty("samples").GetInt32() >= 15);
        var level = process.GetProperty("pattern").GetProperty("level").GetDouble();
        Assert.InRange(level, 24.5, 25.5); // log2 of ~32 MiB resident
        // Nothing in its own series; whether it stands out among this host's other processes (the isolation
        // forest) depends on what else runs here, e.g. hundreds of identical tiny ones.
        Assert.All(
            process.GetProperty("anomalies").EnumerateArray(),
            a => Assert.Contains("isolation forest", a.GetProperty("detail").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Track_of_one_process_in_a_pipe_lists_its_fields_within_80_columns()
    {
        using var child = await AllocatingChild.StartAsync(32L << 20);

        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["track", "--pid", child.Pid.ToString(CultureInfo.InvariantCulture), "--duration", "3s", "--interval", "200ms"]);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"longer than 80: '{l}'"));
        Assert.Matches(@"^resident +3\d(\.\d)? MiB$", lines.Single(l => l.StartsWith("resident", StringComparison.Ordinal)));
        Assert.Matches("^dna_hash +[0-9a-f]{16}$", lines.Single(l => l.StartsWith("dna_hash", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Track_of_a_pid_that_does_not_exist_fails_in_one_line()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["track", "--pid", "99999999", "--duration", "2s"]);

        Assert.Equal(2, exit);
        Assert.Equal("memmon: error: --pid: no process 99999999 in /proc", stderr.Trim());
    }

    [Fact]
    public async Task Optimize_tips_score_health_and_change_nothing()
    {
        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["optimize", "--tips"]);

        Assert.True(exit == 0, stderr);
        Assert.Matches("^Memory health: \\d+/100", stdout);
        Assert.Contains("top-consumer", stdout.Contains("[info]", StringComparison.Ordinal) ? "top-consumer" : stdout, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optimize_report_writes_json_with_health_factors_and_suggestions()
    {
        var output = Path.Combine(_folder.FullName, "report.json");

        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["optimize", "--report", "--duration", "3s", "--output", output]);

        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(File.ReadAllText(output));
        var health = report.RootElement.GetProperty("health_score").GetDouble();
        Assert.InRange(health, 0, 100);
        Assert.Contains($"Memory health: {health:0}/100", stdout, StringComparison.Ordinal);
        Assert.True(report.RootElement.GetProperty("observed_seconds").GetDouble() >= 2.5);
        Assert.NotEqual(0, report.RootElement.GetProperty("suggestions").GetArrayLength());
        Assert.Equal(0, report.RootElement.GetProperty("applied").GetArrayLength());
    }

    [Fact]
    public async Task Live_detect_runs_for_its_duration_and_says_what_it_learns_first()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["detect", "--duration", "2s", "--interval", "500ms"]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("anomaly scores after", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_to_standard_output_fits_80_columns_with_every_value_whole()
    {
        var series = Series(80, spikeAt: 60);
        var input = Write("small.csv", series);

        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["detect", "--replay", input]);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Concat(stderr.Split('\n')), l => Assert.True(l.Length <= 80, $"longer than 80: '{l}'"));
        Assert.Equal("timestamp,value,anomaly_score", lines[0]);
        var expected = series.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(expected.Count, lines.Length - 1);
        for (var i = 0; i < expected.Count; i++)
        {
            // The timestamp and value as written, and a score in [0, 1]: nothing cut or run together.
            var fields = lines[i + 1].Split(',');
            Assert.Equal(3, fields.Length);
            Assert.Equal(expected[i], $"{fields[0]},{fields[1]}");
            Assert.InRange(double.Parse(fields[2], CultureInfo.InvariantCulture), 0, 1);
        }
    }

    [Fact]
    public async Task Live_detect_prints_each_finding_as_a_row_within_80_columns()
    {
        // Thresholds just above 0 and a growing child, so findings are certain once the series are learnt.
        using var child = await AllocatingChild.StartAsync(16L << 20, growBytesPerSecond: 4L << 20);

        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["detect", "--duration", "8s", "--interval", "100ms", "--threshold", "0.000001", "--leak-threshold", "0.000001"]);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Concat(stderr.Split('\n')), l => Assert.True(l.Length <= 80, $"longer than 80: '{l}'"));
        Assert.Matches(@"^TIME +FINDING +PID NAME +SCORE +RESIDENT +GROWTH$", lines[0]);
        var rows = lines.Where(l => !l.StartsWith(' ') && !l.StartsWith("TIME", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rows);
        // Every row's figures whole: time, finding, pid, a name, a score, a size and a rate (or "-").
        var row = new Regex(@"^\d\d:\d\d:\d\d (anomaly|leak   ) +(\d+|-) .{16} +[01]\.\d\d +(\d+(\.\d)? (B|KiB|MiB|GiB|TiB)|-) +([+-]?\d+(\.\d)? (B|KiB|MiB|GiB|TiB)/min|-)$");
        Assert.All(rows, r => Assert.Matches(row, r));
        var pid = child.Pid.ToString(CultureInfo.InvariantCulture);
        Assert.Contains(rows, r => r.StartsWith($"{r[..8]} leak    {pid.PadLeft(7)} memmon-allocate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Optimize_tips_and_report_fit_80_columns_in_a_pipe()
    {
        foreach (var args in new[] { new[] { "optimize", "--tips" }, ["optimize", "--report", "--duration", "2s"] })
        {
            var (exit, stdout, stderr) = await MemmonProcess.RunAsync(args);

            Assert.True(exit == 0, stderr);
            var lines = stdout.Split('\n');
            Assert.All(lines.Concat(stderr.Split('\n')), l => Assert.True(l.Length <= 80, $"longer than 80: '{l}'"));
            Assert.Contains(lines, l => l.StartsWith("      evidence: ", StringComparison.Ordinal));
            // A figure is never split from its unit at a line's end.
            for (var i = 1; i < lines.Length; i++)
            {
                Assert.False(
                    Regex.IsMatch(lines[i - 1], @"\d$") && Regex.IsMatch(lines[i], @"^\s*(B|KiB|MiB|GiB|TiB|s|min|h|d|%)(\s|$|[,.;)/])"),
                    $"a value split over two lines:\n{lines[i - 1]}\n{lines[i]}");
            }
        }
    }

    private static string Series(int rows, int spikeAt)
    {
        var random = new Random(7);
        var lines = new List<string> { "timestamp,value" };
        for (var i = 0; i < rows; i++)
        {
            var value = 100 + (10 * Math.Sin(i * 2 * Math.PI / 50)) + random.NextDouble();
            if (i == spikeAt)
            {
                value += 80;
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"2024-01-01 {i / 60:00}:{i % 60:00}:00,{value:0.###}"));
        }

        return string.Join('\n', lines) + "\n";
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
