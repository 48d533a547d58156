using System.Diagnostics;
using System.Globalization;

namespace MemoryMonitor.Operations.Tests.Dashboards;

/// <summary>
/// A Kubernetes pod as the agent sees one on a node, made for the dashboard tests without a kubelet: real cgroup v1
/// memory cgroups in the kubelet's cgroupfs layout (<c>.../kubepods/burstable/pod&lt;uid&gt;/&lt;64 hex id&gt;</c>, under a
/// folder of this test run so nothing a real runtime made is touched), each with a limit and real processes, and the
/// kubelet's log tree (<c>pods/&lt;ns&gt;_&lt;pod&gt;_&lt;uid&gt;/</c>, <c>containers/&lt;pod&gt;_&lt;ns&gt;_&lt;container&gt;-&lt;id&gt;.log</c>) that names them.
/// </summary>
/// <remarks>
/// The kubepods layout, not a plain <c>/docker/&lt;id&gt;</c>: the agent looks a container's names up in the log tree only
/// for cgroups that carry a pod uid. Two containers:
/// <list type="bullet">
/// <item><c>app</c> (96 MiB limit): a sleeping shell that read a file into its page cache, and a leak growing 3 MiB/s
/// from 8 MiB, which the kernel OOM-kills at the limit about 30 s in, after the agent's exhaustion forecast (30
/// samples, 15 s at 500 ms) has stood for a while: a foreseen kill.</item>
/// <item><c>spike</c> (32 MiB limit): a sleeping shell, and on <see cref="SpikeAsync"/> a process that asks for 128 MiB
/// at once and is OOM-killed before any forecast can exist: an unforeseen kill.</item>
/// </list>
/// Needs root and the v1 memory controller (this machine; see the shared ENVIRONMENT notes). Where it cannot be made,
/// <see cref="TryCreate"/> says why and the container panels stay empty.
/// </remarks>
internal sealed class TestPod : IDisposable
{
    public const string Namespace = "memmon-test";
    public const string Name = "dashboards-7c9d5b6f4-q2x8z";
    public const long AppLimitBytes = 96L << 20;
    public const long SpikeLimitBytes = 32L << 20;

    /// <summary>The comm of the leak and the spike, as the kernel names them when it kills them.</summary>
    public const string Comm = "allocate";

    private const string V1Root = "/sys/fs/cgroup/memory";
    private static readonly Lazy<string> Allocate = new(Compile);

    private readonly string _top;
    private readonly List<string> _cgroups = [];
    private readonly List<Process> _processes = [];
    private readonly string _pageCacheFile;

    private TestPod(string top, string logRoot)
    {
        _top = top;
        LogRoot = logRoot;
        PodUid = Guid.NewGuid().ToString();
        AppId = RandomId();
        SpikeId = RandomId();
        _pageCacheFile = Path.Combine(logRoot, "page-cache.bin");
    }

    public string PodUid { get; }

    public string AppId { get; }

    public string SpikeId { get; }

    /// <summary>The node's /var/log stand-in: pass as the agent's kubelet log root.</summary>
    public string LogRoot { get; }

    private string PodCgroup => Path.Combine(_top, "kubepods", "burstable", $"pod{PodUid}");

    /// <summary>The cgroups and the log tree, no processes yet; null (and why) when this machine cannot have them.</summary>
    public static TestPod? TryCreate(out string? why)
    {
        why = null;
        if (!File.Exists(Path.Combine(V1Root, "memory.limit_in_bytes")))
        {
            why = $"no cgroup v1 memory controller at {V1Root}";
            return null;
        }

        var logRoot = Directory.CreateTempSubdirectory("memmon-varlog-").FullName;
        var pod = new TestPod(Path.Combine(V1Root, $"memmon-dashboards-{Environment.ProcessId}"), logRoot);
        try
        {
            pod.MakeCgroup(pod.AppId, AppLimitBytes);
            pod.MakeCgroup(pod.SpikeId, SpikeLimitBytes);
            pod.LogTree("app", pod.AppId);
            pod.LogTree("spike", pod.SpikeId);
            _ = Allocate.Value;
            return pod;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            why = $"cannot make the test pod's cgroups under {pod._top} (needs root): {e.Message}";
            pod.Dispose();
            return null;
        }
    }

    /// <summary>Starts the sleepers of both containers (one with page cache) and the app's leak. Call once the agent runs.</summary>
    public void Start()
    {
        // Page cache is charged to the cgroup that first reads a page: write the file out here, drop its cache, read it inside.
        File.WriteAllBytes(_pageCacheFile, new byte[8 << 20]);
        Run("/bin/sh", "-c", $"sync && dd if='{_pageCacheFile}' iflag=nocache count=0 status=none").WaitForExit();
        _processes.Add(InCgroup(AppId, $"cat '{_pageCacheFile}' > /dev/null; exec sleep 600"));
        _processes.Add(InCgroup(SpikeId, "exec sleep 600"));
        _processes.Add(InCgroup(AppId, $"exec '{Allocate.Value}' {8L << 20} {3L << 20}"));
    }

    /// <summary>A process in the spike container asks for 4× its limit at once; waits until the kernel has killed it.</summary>
    public async Task SpikeAsync()
    {
        var spike = InCgroup(SpikeId, $"exec '{Allocate.Value}' {SpikeLimitBytes * 4}");
        _processes.Add(spike);
        await spike.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.WaitForExit();
            }
            catch (InvalidOperationException)
            {
                // never started
            }

            process.Dispose();
        }

        // Leaves first: a cgroup with children cannot be removed.
        foreach (var path in _cgroups.Concat([PodCgroup, Path.GetDirectoryName(PodCgroup)!, Path.Combine(_top, "kubepods"), _top]))
        {
            RemoveCgroup(path);
        }

        Directory.Delete(LogRoot, recursive: true);
    }

    private static string RandomId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private void MakeCgroup(string id, long limitBytes)
    {
        var path = Path.Combine(PodCgroup, id);
        Directory.CreateDirectory(path);
        _cgroups.Add(path);
        File.WriteAllText(Path.Combine(path, "memory.limit_in_bytes"), limitBytes.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The kubelet's layout: the log in the pod's folder, a symlink to it named after the container in containers/.</summary>
    private void LogTree(string container, string id)
    {
        var folder = Directory.CreateDirectory(Path.Combine(LogRoot, "pods", $"{Namespace}_{Name}_{PodUid}", container));
        var log = Path.Combine(folder.FullName, "0.log");
        File.WriteAllText(log, string.Empty);
        Directory.CreateDirectory(Path.Combine(LogRoot, "containers"));
        File.CreateSymbolicLink(Path.Combine(LogRoot, "containers", $"{Name}_{Namespace}_{container}-{id}.log"), log);
    }

    /// <summary>A shell that moves itself into the container's cgroup and then runs the script, so every page it touches is charged there.</summary>
    private Process InCgroup(string id, string script) =>
        Run("/bin/sh", "-c", $"echo $$ > '{Path.Combine(PodCgroup, id, "cgroup.procs")}' && {script}");

    private static Process Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    }

    private static string Compile()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Children", "allocate.c");
        // Named plainly: the kernel logs (and the agent labels) a killed process by its 15-character comm.
        var output = Path.Combine(Directory.CreateTempSubdirectory("memmon-dashboards-").FullName, Comm);
        using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O1", "-o", output, source]) { RedirectStandardError = true })
            ?? throw new InvalidOperationException("gcc not found: run scripts/install-test-deps.sh");
        var errors = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        return gcc.ExitCode == 0 ? output : throw new InvalidOperationException($"gcc failed for {source}: {errors}");
    }

    /// <summary>rmdir, retried: a cgroup stays busy (EBUSY) for a moment after its last process is reaped.</summary>
    private static void RemoveCgroup(string path)
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(path); attempt++)
        {
            try
            {
                Directory.Delete(path);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }
}
