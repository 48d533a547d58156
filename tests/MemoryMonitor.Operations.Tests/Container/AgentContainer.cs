using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace MemoryMonitor.Operations.Tests.Container;

/// <summary>
/// Starts the agent's image the way the DaemonSet runs it: the host's PID namespace, the host's /proc and /sys
/// read-only at /host/proc and /host/sys, the image's own entrypoint and user.
/// </summary>
internal static class AgentContainer
{
    public const int Port = 9897;

    public static Task<IContainer> StartAsync(params string[] extraArgs) => StartAsync(capabilities: null, extraArgs);

    /// <summary>With <paramref name="capabilities"/>, every other capability is dropped and only those are added (the chart's securityContext).</summary>
    public static async Task<IContainer> StartAsync(string[]? capabilities, params string[] extraArgs)
    {
        var image = await AgentImage.GetAsync();
        var container = new ContainerBuilder(image)
            .WithDockerEndpoint(Podman.Endpoint)
            .WithBindMount("/proc", "/host/proc", AccessMode.ReadOnly)
            .WithBindMount("/sys", "/host/sys", AccessMode.ReadOnly)
            .WithCreateParameterModifier(create =>
            {
                create.HostConfig!.PidMode = "host";
                if (capabilities is not null)
                {
                    create.HostConfig.CapDrop = ["ALL"];
                    create.HostConfig.CapAdd = capabilities;
                }
            })
            .WithCommand(extraArgs)
            .WithPortBinding(Port, assignRandomHostPort: true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(request => request.ForPort(Port).ForPath("/readyz")))
            .Build();
        await container.StartAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return container;
    }

    public static Uri BaseAddress(IContainer container) => new($"http://{container.Hostname}:{container.GetMappedPublicPort(Port)}/");
}
