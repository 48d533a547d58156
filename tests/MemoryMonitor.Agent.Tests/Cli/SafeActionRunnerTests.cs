using MemoryMonitor.Analysis.Optimisation;
using MemoryMonitor.Cli.Optimisation;

namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>`memmon optimize --apply`'s one writer, against a procfs root of plain files so nothing real is changed.</summary>
public sealed class SafeActionRunnerTests : IDisposable
{
    private readonly DirectoryInfo _procRoot = Directory.CreateTempSubdirectory("memmon-proc-");

    public void Dispose() => _procRoot.Delete(recursive: true);

    [Fact]
    public void Applying_an_action_writes_only_the_kernel_request_file_and_says_so()
    {
        var vm = Path.Combine(_procRoot.FullName, "sys", "vm");
        Directory.CreateDirectory(vm);
        File.WriteAllText(Path.Combine(vm, "compact_memory"), "");

        var said = SafeActionRunner.Apply(SafeAction.CompactMemory, _procRoot.FullName);

        Assert.Equal("1", File.ReadAllText(Path.Combine(vm, "compact_memory")));
        Assert.Contains("compact", said, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(vm, "drop_caches")));
    }

    [Fact]
    public void Applying_an_action_without_the_kernel_file_fails_with_the_path()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SafeActionRunner.Apply(SafeAction.DropCleanPageCache, _procRoot.FullName));

        Assert.Contains("drop_caches", error.Message, StringComparison.Ordinal);
    }
}
