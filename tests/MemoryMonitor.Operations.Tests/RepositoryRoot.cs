namespace MemoryMonitor.Operations.Tests;

/// <summary>The checkout the tests run from: alerting-rules/, dashboards/, helm/ and the Dockerfile live there.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "MemoryMonitor.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("MemoryMonitor.sln not found above the test directory");
    }
}
