using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;

namespace MemoryMonitor.Operations.Tests.Container;

/// <summary>A Workloads/workload.c process in a container of its own with a memory limit (and no swap), like a pod.</summary>
internal static class WorkloadContainer
{
    public static async Task<IContainer> StartAsync(string role, long memoryLimitMiB, params string[] workloadArgs)
    {
        var image = await PeersImage.GetAsync();
        var limit = memoryLimitMiB * 1024 * 1024;
        var container = new ContainerBuilder(image)
            .WithDockerEndpoint(Podman.Endpoint)
            .WithName($"memmon-e2e-{role}-{Guid.NewGuid():N}"[..32])
            .WithEntrypoint(["/usr/local/bin/workload", .. workloadArgs])
            .WithCreateParameterModifier(create =>
            {
                create.HostConfig!.Memory = limit;
                create.HostConfig.MemorySwap = limit;
            })
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("ready"))
            .Build();
        await container.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return container;
    }
}
