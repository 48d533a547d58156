namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>A bad setting stops `memmon serve` before it binds anything, with one line naming setting, source and value.</summary>
[Trait("Category", "Integration")]
public sealed class ServeConfigurationErrorTests
{
    [Theory]
    [InlineData("--interval", "5x", "--interval: '5x' is not a duration")]
    [InlineData("--interval", "0", "--interval: '0' is not a duration greater than 0")]
    [InlineData("--listen", "localhost", "--listen: 'localhost' is not HOST:PORT")]
    [InlineData("--otlp-timeout", "never", "--otlp-timeout: 'never' is not a duration")]
    [InlineData("--listen", "127.0.0.1:70000", "the port must be 1-65535")]
    [InlineData("--listen", "foo:9897", "--listen: 'foo:9897' has host 'foo', which is not an IP address")]
    [InlineData("--otlp-protocol", "http/json", "--otlp-protocol: 'http/json' is not an OTLP protocol this agent speaks (http/protobuf or grpc)")]
    [InlineData("--otlp-interval", "30d", "--otlp-interval: '30d' is not a duration greater than 0 and at most 1d")]
    [InlineData("--top-processes", "-3", "--top-processes: '-3' is not a whole number from 0 to 100000")]
    [InlineData("--procfs", "/nonexistent", "--procfs: '/nonexistent' is not a procfs mount")]
    [InlineData("--otlp-endpoint", "collector:4318", "--otlp-endpoint: 'collector:4318' is not an http(s) URL")]
    public async Task Bad_flag_value_exits_2_with_one_line_naming_it(string flag, string value, string expected)
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve", flag, value]);

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("memmon: error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_environment_value_names_the_variable()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve"], new Dictionary<string, string> { ["MEMMON_SMAPS_INTERVAL"] = "often" });

        Assert.Equal(2, exit);
        Assert.Contains("MEMMON_SMAPS_INTERVAL: 'often' is not a duration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flag_wins_over_a_bad_environment_value()
    {
        // The flag is valid and the environment is not: the flag wins, so the failure must come from the port, not the variable.
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve", "--interval", "1s", "--listen", "127.0.0.1:0"], new Dictionary<string, string> { ["MEMMON_INTERVAL"] = "never" });

        Assert.Equal(2, exit);
        Assert.DoesNotContain("MEMMON_INTERVAL", stderr, StringComparison.Ordinal);
        Assert.Contains("--listen", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_file_with_broken_json_names_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"memmon-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\n  \"interval\": \"15s\",\n  \"top-processes\": \n}\n");
        try
        {
            var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve", "--config", path]);

            Assert.Equal(2, exit);
            Assert.Contains($"config file {path}:4: not valid JSON", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Config_file_with_a_misspelt_setting_is_rejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"memmon-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\"intervall\": \"15s\"}");
        try
        {
            var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve", "--config", path]);

            Assert.Equal(2, exit);
            Assert.Contains("unknown setting \"intervall\"", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Missing_config_file_is_reported_with_its_path()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve", "--config", "/nonexistent/memmon.json"]);

        Assert.Equal(2, exit);
        Assert.Contains("config file /nonexistent/memmon.json: cannot be read", stderr, StringComparison.Ordinal);
    }
}
