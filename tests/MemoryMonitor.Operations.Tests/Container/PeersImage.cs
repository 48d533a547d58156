namespace MemoryMonitor.Operations.Tests.Container;

/// <summary>
/// One image for everything beside the agent in the end-to-end test: Debian's Prometheus and Alertmanager binaries
/// (the host's packages, copied onto the same Debian base they were built for) and the C workloads, compiled here.
/// </summary>
internal static class PeersImage
{
    public const string Tag = "localhost/memmon-e2e-peers:operations-tests";

    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    public static Task<string> GetAsync() => Built.Value;

    private static async Task<string> BuildAsync()
    {
        await Podman.EnsureReadyAsync();
        var context = Directory.CreateTempSubdirectory("memmon-peers-").FullName;
        try
        {
            foreach (var binary in new[] { "/usr/bin/prometheus", "/usr/bin/prometheus-alertmanager" })
            {
                if (!File.Exists(binary))
                {
                    throw new InvalidOperationException($"{binary} is missing: run scripts/install-test-deps.sh (packages prometheus, prometheus-alertmanager)");
                }

                File.Copy(binary, Path.Combine(context, Path.GetFileName(binary)));
            }

            // Debian's Alertmanager reads its notification templates from here at start.
            foreach (var template in Directory.EnumerateFiles("/usr/share/prometheus/alertmanager", "*.tmpl"))
            {
                File.Copy(template, Path.Combine(context, Path.GetFileName(template)));
            }

            var source = RepositoryRoot.Combine("tests", "MemoryMonitor.Operations.Tests", "Container", "Workloads", "workload.c");
            await ExternalCommand.RunAsync("gcc", ["-O1", "-Wall", "-Werror", "-o", Path.Combine(context, "workload"), source], TimeSpan.FromMinutes(1));
            await File.WriteAllTextAsync(Path.Combine(context, "Containerfile"), $"""
                FROM {Podman.BaseImage}
                COPY prometheus prometheus-alertmanager workload /usr/local/bin/
                COPY *.tmpl /usr/share/prometheus/alertmanager/
                """);
            await Podman.RunAsync(["build", "-f", Path.Combine(context, "Containerfile"), "-t", Tag, context], TimeSpan.FromMinutes(5));
            return Tag;
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }
}
