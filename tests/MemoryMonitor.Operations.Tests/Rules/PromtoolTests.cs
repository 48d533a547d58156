namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>The rule files pass Debian's promtool (2.42): syntax, lint, and their own unit tests.</summary>
[Trait("Category", "Integration")]
public sealed class PromtoolTests
{
    [Fact]
    public void Rule_files_pass_promtool_check_rules_with_every_lint_fatal()
    {
        var result = CommandLineTool.Promtool.Run(["check", "rules", "--lint=all", "--lint-fatal", .. RuleFiles.RuleFilePaths]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("warning", result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"SUCCESS: {RuleFiles.Rules.Count} rules found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule_unit_tests_pass_promtool_test_rules()
    {
        var result = CommandLineTool.Promtool.Run(["test", "rules", .. RuleFiles.TestFilePaths]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(RuleFiles.TestFilePaths.Count, result.Output.Split("SUCCESS").Length - 1);
    }

    [Fact]
    public void A_broken_expectation_makes_promtool_test_rules_fail()
    {
        // Proves the test above can fail: the same tests, one expected annotation changed.
        var original = RuleFiles.TestFilePaths.First(p => p.EndsWith("agent.yaml", StringComparison.Ordinal));
        var broken = Path.Combine(RepositoryRoot.Combine(RuleFiles.Directory, "tests"), $".broken-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(broken, File.ReadAllText(RepositoryRoot.Combine(original)).Replace("(job memmon)", "(job other)", StringComparison.Ordinal));
        try
        {
            var result = CommandLineTool.Promtool.Run("test", "rules", Path.GetRelativePath(RepositoryRoot.Path, broken));

            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.Contains("(job other)", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }
}
