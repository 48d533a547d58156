using System.Diagnostics;
using System.Security.Cryptography;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Kernel;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.Sweeps;
using MemoryMonitor.Collection.Tests.Children;

namespace MemoryMonitor.Collection.Tests.Kernel;

/// <summary>
/// A real memcg OOM kill: a child put into a 32 MiB v1 memory cgroup laid out like a Docker container allocates
/// until the kernel kills it, and the reader, opened before, reports that kill once (ENVIRONMENT.md: root, v1 memory).
/// Without /dev/kmsg the collector still reports it, from the cgroup's own counter, while the container lives on.
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
        using var container = DockerCgroup.Create();
        var (containerId, cgroup) = (container.Id, container.Path);
        var work = Directory.CreateTempSubdirectory("memmon-oom-");
        Process? child = null;
        try
        {
            var program = Compile(work.FullName);

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
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_the_kernel_log_a_kill_in_a_container_that_lives_on_is_counted_from_its_cgroup()
    {
        using var container = DockerCgroup.Create();
        var (containerId, cgroup) = (container.Id, container.Path);
        var work = Directory.CreateTempSubdirectory("memmon-oom-");
        Process? survivor = null;
        Process? child = null;
        try
        {
            var program = Compile(work.FullName);

            // The container's main process, which the OOM killer spares (it holds almost nothing) so the cgroup stays.
            survivor = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "echo $$ > \"$0\" && exec sleep 600", Path.Combine(cgroup, "cgroup.procs")]))!;

            // A process's container is resolved when the sweep first sees it: wait until the shell has joined.
            var joined = Stopwatch.StartNew();
            while (!File.ReadAllLines(Path.Combine(cgroup, "cgroup.procs")).Contains(survivor.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                Assert.True(joined.Elapsed < Patience, "the survivor never joined its cgroup");
                await Task.Delay(20);
            }
            var settings = new CollectionSettings { SmapsInterval = TimeSpan.Zero, KernelLog = Path.Combine(work.FullName, "no-kmsg") };
            using var collector = new MemoryCollector(settings, TimeProvider.System, new ReadErrorCounters());
            var before = await CollectUntilAsync(collector, sweep => sweep.Containers.Any(c => c.Identity.ContainerId == containerId));
            Assert.Empty(before.OomKills);

            child = Process.Start(new ProcessStartInfo(program, [Path.Combine(cgroup, "cgroup.procs")]))!;
            using (var timeout = new CancellationTokenSource(Patience))
            {
                await child.WaitForExitAsync(timeout.Token);
            }

            Assert.Equal(128 + 9, child.ExitCode);
            var after = collector.Collect();
            var kill = Assert.Single(after.OomKills);
            Assert.Equal((OomKillForm.CgroupCounter, 0, string.Empty), (kill.Form, kill.Pid, kill.Comm));
            Assert.Equal(new ContainerIdentity(containerId, string.Empty), kill.Container);
            Assert.Empty(collector.Collect().OomKills);
        }
        finally
        {
            foreach (var process in new[] { child, survivor })
            {
                if (process is { HasExited: false })
                {
                    process.Kill();
                    await process.WaitForExitAsync();
                }

                process?.Dispose();
            }

            work.Delete(recursive: true);
        }
    }

    /// <summary>Sweeps until the condition holds: a process that just joined a cgroup shows it from its next sweep.</summary>
    private static async Task<Sweep> CollectUntilAsync(MemoryCollector collector, Func<Sweep, bool> condition)
    {
        for (var attempt = 0; ; attempt++)
        {
            var sweep = collector.Collect();
            if (condition(sweep) || attempt == 50)
            {
                Assert.True(condition(sweep), "the container never showed in a sweep");
                return sweep;
            }

            await Task.Delay(100);
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

    /// <summary>
    /// A 32 MiB v1 memory cgroup laid out like a Docker container's, removed on dispose (after the test's processes are
    /// gone: the tests kill theirs in their own finally blocks, which run first).
    /// </summary>
    private sealed class DockerCgroup : IDisposable
    {
        private static readonly string Parent = System.IO.Path.Combine(MemoryRoot, "docker");
        private readonly bool _createdParent;

        private DockerCgroup(string id, bool createdParent)
        {
            Id = id;
            _createdParent = createdParent;
        }

        public string Id { get; }

        public string Path => System.IO.Path.Combine(Parent, Id);

        public static DockerCgroup Create()
        {
            var cgroup = new DockerCgroup(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), !Directory.Exists(Parent));
            Directory.CreateDirectory(cgroup.Path);
            File.WriteAllText(System.IO.Path.Combine(cgroup.Path, "memory.limit_in_bytes"), "32M");
            var memsw = System.IO.Path.Combine(cgroup.Path, "memory.memsw.limit_in_bytes");
            if (File.Exists(memsw))
            {
                // Swap accounting on: without this limit the child would swap instead of being killed.
                File.WriteAllText(memsw, "32M");
            }

            return cgroup;
        }

        public void Dispose()
        {
            ChildProcesses.RemoveCgroup(Path);
            if (_createdParent)
            {
                ChildProcesses.RemoveCgroup(Parent);
            }
        }
    }
}
