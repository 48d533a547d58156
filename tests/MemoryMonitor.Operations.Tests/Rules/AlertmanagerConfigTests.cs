namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>The Alertmanager example is valid for Debian's amtool and routes the severities the rules use.</summary>
[Trait("Category", "Integration")]
public sealed class AlertmanagerConfigTests
{
    [Fact]
    public void Alertmanager_example_passes_amtool_check_config()
    {
        var result = CommandLineTool.Amtool.Run("check-config", RuleFiles.AlertmanagerConfig);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pager", "severity=critical", "alertname=MemmonNodeMemoryExhaustionPredicted")]
    [InlineData("tickets", "severity=warning", "alertname=MemmonProcessLeakSuspected")]
    [InlineData("default", "alertname=Watchdog")]
    public void Alerts_route_to_the_receiver_of_their_severity(string receiver, params string[] labels)
    {
        var result = CommandLineTool.Amtool.Run(["config", "routes", "test", $"--config.file={RuleFiles.AlertmanagerConfig}", $"--verify.receivers={receiver}", .. labels]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void A_wrong_receiver_fails_amtool_routes_test()
    {
        var result = CommandLineTool.Amtool.Run("config", "routes", "test", $"--config.file={RuleFiles.AlertmanagerConfig}", "--verify.receivers=pager", "severity=warning");

        Assert.True(result.ExitCode != 0, result.ToString());
    }
}
