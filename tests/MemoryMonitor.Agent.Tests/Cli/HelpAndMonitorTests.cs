namespace MemoryMonitor.Agent.Tests.Cli;

[Trait("Category", "Integration")]
public sealed class HelpAndMonitorTests
{
    [Fact]
    public async Task Help_lists_the_verbs_and_what_they_do()
    {
        var (exit, stdout, _) = await MemmonProcess.RunAsync(["--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("serve", stdout, StringComparison.Ordinal);
        Assert.Contains("monitor", stdout, StringComparison.Ordinal);
        Assert.Contains("Linux memory observability", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_help_documents_every_flag_and_its_environment_form()
    {
        var (exit, stdout, _) = await MemmonProcess.RunAsync(["serve", "--help"]);

        Assert.Equal(0, exit);
        foreach (var flag in new[] { "--listen", "--interval", "--smaps-interval", "--top-processes", "--procfs", "--sysfs", "--otlp-endpoint", "--config" })
        {
            Assert.Contains(flag, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("MEMMON_", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_prints_system_memory_and_lists_real_processes()
    {
        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["monitor", "--count", "2", "--interval", "200ms", "--top", "500"]);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Memory", stdout, StringComparison.Ordinal);
        Assert.Contains("Pressure", stdout, StringComparison.Ordinal);
        Assert.Contains("RSS", stdout, StringComparison.Ordinal);

        // The monitor itself runs under `dotnet`, so a dotnet row with a real size must be listed.
        Assert.Matches(@"dotnet\s.*\d+(\.\d)? MiB", stdout);
    }

    [Fact]
    public async Task Monitor_rejects_a_bad_interval_with_one_line()
    {
        var (exit, _, stderr) = await MemmonProcess.RunAsync(["monitor", "--interval", "fast"]);

        Assert.Equal(2, exit);
        Assert.Contains("--interval: 'fast' is not a duration", stderr, StringComparison.Ordinal);
    }
}
