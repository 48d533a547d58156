using System.Reflection;
using System.Text.RegularExpressions;
using MemoryMonitor.Export;

namespace MemoryMonitor.Agent.Tests.Export;

/// <summary>Every exported name is documented once in docs/metrics.md, with the Prometheus spelling.</summary>
public sealed partial class MetricDocumentationTests
{
    [Fact]
    public void Every_metric_name_in_code_is_documented()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "metrics.md"));
        var documented = DocumentedName().Matches(docs).Select(m => m.Value).ToHashSet();
        var inCode = typeof(MetricNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.Name != nameof(MetricNames.MeterName))
            .Select(f => (string)f.GetValue(null)!)
            .ToList();

        var missing = inCode.Where(name => !documented.Any(d => d == name || d.StartsWith(name + "_", StringComparison.Ordinal))).ToList();

        Assert.Empty(missing);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MemoryMonitor.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("MemoryMonitor.sln not found above the test directory");
    }

    [GeneratedRegex("memmon_[a-z_]+")]
    private static partial Regex DocumentedName();
}
