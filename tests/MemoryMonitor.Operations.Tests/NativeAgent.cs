namespace MemoryMonitor.Operations.Tests;

/// <summary>
/// The agent published with NativeAOT, once per test run, for every test that runs the real binary outside the test
/// host: the container image and the cgroup v2 VM.
/// </summary>
internal static class NativeAgent
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The publish folder: memmon, libe_sqlite3.so and the symbol files.</summary>
    public static Task<string> GetAsync() => Published.Value;

    private static async Task<string> PublishAsync()
    {
        // A stable artifacts path of its own: the publish neither rewrites the bin/ folders the test hosts load from nor
        // starts from nothing on a second run (the NativeAOT compile is incremental there).
        var artifacts = RepositoryRoot.Combine("artifacts", "container-build");
        var published = Path.Combine(artifacts, "publish-output");
        await ExternalCommand.RunAsync(
            "dotnet",
            ["publish", "src/MemoryMonitor.Cli/MemoryMonitor.Cli.csproj", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true",
             "--artifacts-path", artifacts, "-o", published],
            TimeSpan.FromMinutes(15),
            RepositoryRoot.Path);
        return published;
    }
}
