using DotNet.Testcontainers.Configurations;

namespace MemoryMonitor.Operations.Tests.Container;

/// <summary>
/// The container engine of these tests: rootful podman's Docker-compatible API (scripts/setup-podman.sh starts it),
/// with Testcontainers' Ryuk reaper off (its image cannot be pulled here; every test disposes its containers).
/// Images are built with the podman CLI, which shares the API service's image store.
/// </summary>
internal static class Podman
{
    public const string BaseImage = "localhost/memmon-debian-base:bookworm";

    public static Uri Endpoint { get; } = new(Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host
        ? host
        : "unix:///run/podman/podman.sock");

    static Podman() => TestcontainersSettings.ResourceReaperEnabled = false;

    /// <summary>Fails with the fix when the one-time setup has not run.</summary>
    public static async Task EnsureReadyAsync()
    {
        try
        {
            await RunAsync(["image", "exists", BaseImage], TimeSpan.FromSeconds(30));
            await RunAsync(["--url", Endpoint.ToString(), "version"], TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(
                $"podman, its API on {Endpoint} or the base image {BaseImage} is missing: run scripts/install-test-deps.sh as root ({e.Message})", e);
        }
    }

    public static Task<string> RunAsync(IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null) =>
        ExternalCommand.RunAsync("podman", arguments, timeout, workingDirectory);

    /// <summary>Container state as podman records it: exit code, whether the cgroup's OOM killer ended it, and when.</summary>
    public static async Task<ContainerExit> InspectExitAsync(string containerId)
    {
        var json = await RunAsync(["inspect", "--format", "{{json .State}}", containerId], TimeSpan.FromSeconds(30));
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var state = document.RootElement;
        return new ContainerExit(
            state.GetProperty("Running").GetBoolean(),
            state.GetProperty("ExitCode").GetInt32(),
            state.GetProperty("OOMKilled").GetBoolean(),
            DateTimeOffset.Parse(state.GetProperty("FinishedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
