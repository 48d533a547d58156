using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Hosting;
using MemoryMonitor.Agent.Tests.Cli;
using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection;

namespace MemoryMonitor.Agent.Tests.Configuration;

/// <summary>One validation pass: every bad value is reported at once, from flags, environment, OTEL_* variables or options built in code.</summary>
public sealed class SettingsValidationTests
{
    [Fact]
    public async Task A_bad_otlp_protocol_variable_stops_serve_with_one_line_naming_it()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve"], new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/json" });

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("memmon: error: OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' is not an OTLP protocol this agent speaks (http/protobuf or grpc)", line);
    }

    [Fact]
    public async Task A_listen_host_that_is_not_an_address_fails_at_load_naming_listen()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["serve", "--listen", "foo:9897"]);

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("memmon: error: --listen: 'foo:9897' has host 'foo', which is not an IP address", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_bad_values_are_all_reported_on_one_line()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(
            ["serve", "--interval", "never", "--top-processes", "-1", "--max-analysed-processes", "0", "--listen", "foo:1"],
            new Dictionary<string, string> { ["MEMMON_SMAPS_INTERVAL"] = "often", ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "udp" });

        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("memmon: error: ", line, StringComparison.Ordinal);
        Assert.Contains("--interval: 'never' is not a duration", line, StringComparison.Ordinal);
        Assert.Contains("--top-processes: '-1' is not a whole number from 0 to 100000", line, StringComparison.Ordinal);
        Assert.Contains("--max-analysed-processes: '0' is not a whole number from 1 to 1000000", line, StringComparison.Ordinal);
        Assert.Contains("--listen: 'foo:1' has host 'foo'", line, StringComparison.Ordinal);
        Assert.Contains("MEMMON_SMAPS_INTERVAL: 'often' is not a duration", line, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL: 'udp' is not an OTLP protocol", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grpc", OtlpExportProtocol.Grpc)]
    [InlineData("GRPC", OtlpExportProtocol.Grpc)]
    [InlineData("http/protobuf", OtlpExportProtocol.HttpProtobuf)]
    [InlineData("", OtlpExportProtocol.HttpProtobuf)]
    public void The_standard_otlp_protocol_variable_is_read_from_the_injected_environment(string value, OtlpExportProtocol expected)
    {
        var options = Load(new Dictionary<string, string>(), new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_PROTOCOL"] = value });

        Assert.Equal(expected, options.OtlpProtocol);
    }

    [Fact]
    public void Memmon_settings_win_over_the_standard_otel_variables()
    {
        var options = Load(
            new Dictionary<string, string> { ["otlp-endpoint"] = "http://mine:4318" },
            new Dictionary<string, string>
            {
                ["MEMMON_OTLP_PROTOCOL"] = "grpc",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://standard:4318",
            });

        Assert.Equal(OtlpExportProtocol.Grpc, options.OtlpProtocol);
        Assert.Equal(new Uri("http://mine:4318"), options.OtlpEndpoint);
    }

    [Fact]
    public void The_standard_otlp_endpoint_variable_is_read_from_the_injected_environment()
    {
        var options = Load(new Dictionary<string, string>(), new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318" });

        Assert.Equal(new Uri("http://collector:4318"), options.OtlpEndpoint);
    }

    [Fact]
    public void Default_options_have_no_problems()
    {
        Assert.Empty(AgentOptionsValidator.Problems(new AgentOptions()));
    }

    [Fact]
    public void Options_built_in_code_with_a_bad_value_are_refused_by_the_host_builder()
    {
        var options = new AgentOptions { ListenHost = "127.0.0.1", ListenPort = 9897, Interval = TimeSpan.Zero, StateDirectory = TempStateDirectory.Create() };

        var error = Assert.Throws<SettingsException>(() => AgentHost.Build(options));

        Assert.Equal("--interval: '0' is not a duration greater than 0 (use e.g. 500ms, 15s, 1m, 1h)", error.Message);
    }

    [Fact]
    public void Every_bad_value_built_in_code_is_reported_by_the_host_builder_at_once()
    {
        var options = new AgentOptions
        {
            ListenHost = "agent.example",
            ListenPort = 0,
            TopProcesses = -5,
            OtlpEndpoint = new Uri("ftp://collector/"),
            OtlpTimeout = TimeSpan.FromDays(2),
            StateDirectory = "relative/state",
            BaselineRetryInterval = TimeSpan.Zero,
            Collection = new CollectionSettings { ProcRoot = string.Empty, SysRoot = string.Empty, SmapsInterval = TimeSpan.FromSeconds(-1), SlowSmapsRead = TimeSpan.Zero, FragmentationOrder = 11 },
            Analysis = new AnalysisSettings { HistoryCapacity = 3, FlagThreshold = 1.5 },
        };

        var message = Assert.Throws<SettingsException>(() => AgentHost.Build(options)).Message;

        string[] expected =
        [
            "--listen: 'agent.example:0' is not HOST:PORT",
            "--smaps-interval: '-1s' is not a duration; 0 turns it off",
            "--top-processes: '-5' is not a whole number from 0 to 100000",
            "--procfs: '' is not a procfs mount",
            "--sysfs: '' is not an existing directory",
            "--otlp-endpoint: 'ftp://collector/' is not an http(s) URL",
            "--otlp-timeout: '2d' is not a duration greater than 0 and at most 1d",
            "--fragmentation-order: '11' is not a whole number from 0 to 10",
            "--state-dir: 'relative/state' is not usable as the state directory",
            "BaselineRetryInterval: '0' is not a duration greater than 0",
            "Collection.SlowSmapsRead: '0' is not a duration greater than 0",
            "Analysis.HistoryCapacity: 3 must be at least 16",
            "Analysis.FlagThreshold: 1.5 must be from 0 to 1",
        ];
        // In table order, each starting a problem (problems themselves may contain "; ", so they are found, not split).
        Assert.StartsWith(expected[0], message, StringComparison.Ordinal);
        var at = 0;
        foreach (var problem in expected.Skip(1))
        {
            var next = message.IndexOf("; " + problem, at, StringComparison.Ordinal);
            Assert.True(next > at, $"'{problem}' missing or out of order in: {message}");
            at = next;
        }
    }

    [Fact]
    public void A_listen_host_built_in_code_that_is_not_an_address_is_refused_before_binding()
    {
        var options = new AgentOptions { ListenHost = "agent.example", StateDirectory = TempStateDirectory.Create() };

        var error = Assert.Throws<SettingsException>(() => AgentHost.Build(options));

        Assert.StartsWith("--listen: 'agent.example:9897' has host 'agent.example', which is not an IP address", error.Message, StringComparison.Ordinal);
    }

    private static AgentOptions Load(Dictionary<string, string> flags, Dictionary<string, string> environment) =>
        AgentOptionsLoader.Load(new SettingSources(flags, name => environment.GetValueOrDefault(name)));
}
