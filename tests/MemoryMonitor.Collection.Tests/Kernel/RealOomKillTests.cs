using System.Diagnostics;
using System.Security.Cryptography;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Kernel;
using MemoryMonitor.Collection.Parsing;

using MemoryMonitor.Collection.Tests.Children;

namespace MemoryMonitor.Collection.Tests.Kernel;

/// <summary>
/// A real memcg OOM kill: a child put into a 32 MiB v1 memory cgroup laid out like a Docker container allocates
/// until the kernel kills it, and the reader, opened before, reports that kill once (ENVIRONMENT.md: root, v1 memory).
/// </summary>
[Trait("Category", "Integration")]
public sealed class RealOomKillTests
{
    private const string MemoryRoot = "/sys/fs/cgroup/memory";
    private const string ChildName = "memmon-oom-eat";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Touches every page it allocates, so the memory is charged to the cgroup (malloc alone only reserves).
    private const string ChildSource = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            FILE *procs = fopen(argv[1], "w");
            if (!procs || fprintf(procs, "%d\n", getpid()) < 0 || fclose(procs) != 0) return 2;
            for (;;) {
                char *block = malloc(1 << 20);
                if (!block) return 3;
                memset(block, 1, 1 << 20);
            }
        }
        """;

    [Fact]
    public async Task A_child_killed_by_its_containers_memory_limit_is_reported_once_with_its_container()
    {
        var containerId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var dockerParent = Path.Combine(MemoryRoot, "docker");
        var createdParent = !Directory.Exists(dockerParent);
        var cgroup = Path.Combine(dockerParent, containerId);
        var work = Directory.CreateTempSubdirectory("memmon-oom-");
        Process? child = null;
        try
        {
            var program = Compile(work.FullName);
            Directory.CreateDirectory(cgroup);
            File.WriteAllText(Path.Combine(cgroup, "memory.limit_in_bytes"), "32M");
            var memsw = Path.Combine(cgroup, "memory.memsw.limit_in_bytes");
            if (File.Exists(memsw))
            {
                // Swap accounting on: without this limit the child would swap instead of being killed.
                File.WriteAllText(memsw, "32M");
            }

            var errors = new ReadErrorCounters();
            using var reader = new OomKillReader(errors);
            Assert.True(reader.Available, "/dev/kmsg must be readable (root) for this test");

            child = Process.Start(new ProcessStartInfo(program, [Path.Combine(cgroup, "cgroup.procs")]))!;
            using (var timeout = new CancellationTokenSource(Patience))
            {
                try
                {
                    await child.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"The child was not killed within {Patience.TotalSeconds} s: is {cgroup}/memory.limit_in_bytes enforced?");
                }
            }

            // .NET reports a child killed by signal N as exit code 128 + N.
            Assert.True(child.ExitCode == 128 + 9, $"The child ended with {child.ExitCode}, not SIGKILL (2/3: it could not join the cgroup or allocate)");

            var kills = DrainAll(reader);
            var ours = Assert.Single(kills, kill => kill.TaskMemcg == "/docker/" + containerId);
            Assert.Equal((child.Id, ChildName, OomConstraint.Memcg, 0L), (ours.Pid, ours.Comm, ours.Constraint, ours.Uid));
            Assert.Equal("/docker/" + containerId, ours.OomMemcg);
            Assert.Equal(new ContainerIdentity(containerId, string.Empty), ours.Container);
            Assert.Equal(0, errors.Get(CollectedFile.Kmsg, ReadFailure.Malformed));
        }
        finally
        {
            if (child is { HasExited: false })
            {
                child.Kill();
                await child.WaitForExitAsync();
            }

            child?.Dispose();
            ChildProcesses.RemoveCgroup(cgroup);
            if (createdParent)
            {
                ChildProcesses.RemoveCgroup(dockerParent);
            }

            work.Delete(recursive: true);
        }
    }

    /// <summary>The kernel logs the kill before the child dies, so once it has died every line is there to read.</summary>
    private static List<OomKillRecord> DrainAll(OomKillReader reader)
    {
        var kills = new List<OomKillRecord>();
        long before;
        do
        {
            before = reader.RecordsRead;
            reader.Drain(kills);
        }
        while (reader.RecordsRead != before);

        return kills;
    }

    private static string Compile(string directory)
    {
        var source = Path.Combine(directory, ChildName + ".c");
        File.WriteAllText(source, ChildSource);
        return ChildProcesses.Compile(source, Path.Combine(directory, ChildName), "-O0");
    }
}
