using System.Text.RegularExpressions;
using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Agent.Tests.Cli;

namespace MemoryMonitor.Agent.Tests.Configuration;

/// <summary>The settings table is the one declaration: `serve --help` lists exactly its flags, each default once, and each default is the options' own.</summary>
public sealed partial class SettingsTableTests
{
    [Fact]
    public async Task Serve_help_lists_exactly_the_flags_of_the_settings_table()
    {
        var help = await ServeHelpAsync();

        var listed = OptionAtLineStart().Matches(help).Select(m => m.Groups[1].Value).Where(f => f != "help").ToArray();

        Assert.Equal(AgentSettings.All.Select(s => s.Flag), listed);
    }

    [Fact]
    public async Task Serve_help_prints_each_default_once_and_no_parser_default()
    {
        // Collapse the wrapping so a default split across lines still reads as one phrase.
        var help = Whitespace().Replace(await ServeHelpAsync(), " ");

        foreach (var setting in AgentSettings.All.Where(s => s.DefaultText is not null))
        {
            var line = help[help.IndexOf($"--{setting.Flag} <", StringComparison.Ordinal)..];
            var next = line.IndexOf(" --", 3, StringComparison.Ordinal);
            line = next < 0 ? line : line[..next];
            Assert.Equal(1, Regex.Count(line, "Default "));
            Assert.Contains($"Default {setting.DefaultText}.", line, StringComparison.Ordinal);
        }

        Assert.Equal(AgentSettings.All.Count(s => s.DefaultText is not null), Regex.Count(help, "Default "));
        Assert.DoesNotContain("[default:", help, StringComparison.Ordinal);
    }

    [Fact]
    public void Printed_defaults_are_the_options_defaults()
    {
        var defaults = new AgentOptions();
        var printed = AgentSettings.All.Where(s => s.DefaultText is not null).ToDictionary(s => s.Flag, s => s.DefaultText);

        Assert.Equal($"{defaults.ListenHost}:{defaults.ListenPort}", printed["listen"]);
        Assert.Equal("15s", printed["interval"]);
        Assert.Equal(defaults.Interval, Parsed(printed["interval"]));
        Assert.Equal("1m", printed["smaps-interval"]);
        Assert.Equal(defaults.Collection.SmapsInterval, Parsed(printed["smaps-interval"]));
        Assert.Equal(defaults.OtlpInterval, Parsed(printed["otlp-interval"]));
        Assert.Equal(defaults.OtlpTimeout, Parsed(printed["otlp-timeout"]));
        Assert.Equal(defaults.TopProcesses.ToString(System.Globalization.CultureInfo.InvariantCulture), printed["top-processes"]);
        Assert.Equal("off", printed["otlp-endpoint"]);
        Assert.Equal("http/protobuf", printed["otlp-protocol"]);
        Assert.Equal(defaults.StateDirectory, printed["state-dir"]);
    }

    [Fact]
    public void Every_default_that_is_a_value_loads_back_as_the_default_options()
    {
        // "off", "none" and "none (plain HTTP)" describe an absent value; every other printed default must be typeable as it is.
        var typeable = AgentSettings.All.Where(s => s.DefaultText is not null && s.Flag is not "otlp-endpoint" and not "otlp-headers" and not "otlp-resource-attributes" and not "web-config");
        var flags = typeable.ToDictionary(s => s.Flag, s => s.DefaultText!);

        var loaded = AgentOptionsLoader.Load(new SettingSources(flags, _ => null));

        Assert.Equal(new AgentOptions(), loaded);
    }

    [Fact]
    public void Every_setting_reads_its_own_environment_variable_and_file_key()
    {
        Assert.All(AgentSettings.All, s => Assert.Equal("MEMMON_" + s.Flag.ToUpperInvariant().Replace('-', '_'), s.EnvironmentVariable));
        Assert.Equal(AgentSettings.All.Select(s => s.Flag), AgentSettings.FileKeys);
    }

    private static TimeSpan Parsed(string? text) => Duration.TryParse(text, out var value) ? value : throw new FormatException(text);

    private static async Task<string> ServeHelpAsync()
    {
        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["serve", "--help"]);
        Assert.True(exit == 0, stderr);
        return stdout;
    }

    [GeneratedRegex(@"^\s+--([a-z-]+)\b", RegexOptions.Multiline)]
    private static partial Regex OptionAtLineStart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
