namespace MemoryMonitor.Operations.Tests.Container;

/// <summary>
/// The agent's image, built once per test run from the repository's Dockerfile. No image registry is reachable, so
/// the Dockerfile's offline path is used: the agent is published on the host with NativeAOT (<see cref="NativeAgent"/>: what the Dockerfile's
/// build stage runs) and the image takes that output (PUBLISHED=prebuilt) onto the local Debian base.
/// </summary>
internal static class AgentImage
{
    public const string Tag = "localhost/memmon-agent:operations-tests";

    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    public static Task<string> GetAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        await Podman.EnsureReadyAsync();
        var published = await NativeAgent.GetAsync();
        var artifacts = Path.GetDirectoryName(published)!;
        var context = Path.Combine(artifacts, "image-context");
        if (Directory.Exists(context))
        {
            Directory.Delete(context, recursive: true);
        }

        var app = Directory.CreateDirectory(Path.Combine(context, "rootfs", "app")).FullName;
        Directory.CreateDirectory(Path.Combine(context, "rootfs", "state"));
        // What the build stage keeps: the native binary and the native SQLite library, not symbols (.dbg, .pdb).
        foreach (var file in Directory.EnumerateFiles(published).Where(f => !f.EndsWith(".dbg", StringComparison.Ordinal) && !f.EndsWith(".pdb", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(app, Path.GetFileName(file)));
        }

        await Podman.RunAsync(
            ["build", "--format", "docker", "-f", RepositoryRoot.Combine("Dockerfile"),
             "--build-arg", "PUBLISHED=prebuilt",
             "--build-arg", $"BUILD_IMAGE={Podman.BaseImage}",
             "--build-arg", $"RUNTIME_IMAGE={Podman.BaseImage}",
             "--build-arg", "VERSION=0.0.0-test",
             "-t", Tag, context],
            TimeSpan.FromMinutes(5));
        return Tag;
    }
}
