using System.Globalization;

namespace MemoryMonitor.Analysis.Tests.Children;

/// <summary>
/// A memory cgroup with a hard limit, made for one test and removed after it. cgroup v1 (memory controller at
/// /sys/fs/cgroup/memory: memory.limit_in_bytes, memory.usage_in_bytes, oom_kill in memory.oom_control) or v2
/// (/sys/fs/cgroup: memory.max, memory.current, oom_kill in memory.events). Needs root; a failure says why.
/// </summary>
internal sealed class TestCgroup : IDisposable
{
    private const string V1Root = "/sys/fs/cgroup/memory";
    private const string V2Root = "/sys/fs/cgroup";

    private readonly bool _v1;

    private TestCgroup(string path, bool v1)
    {
        Path = path;
        _v1 = v1;
    }

    public string Path { get; }

    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    public static TestCgroup Create(string name, long limitBytes)
    {
        bool v1;
        string root;
        if (File.Exists(System.IO.Path.Combine(V1Root, "memory.limit_in_bytes")))
        {
            (v1, root) = (true, V1Root);
        }
        else if (File.Exists(System.IO.Path.Combine(V2Root, "cgroup.controllers"))
            && File.ReadAllText(System.IO.Path.Combine(V2Root, "cgroup.controllers")).Split(' ', '\n').Contains("memory"))
        {
            (v1, root) = (false, V2Root);
        }
        else
        {
            throw new InvalidOperationException($"no memory cgroup controller: neither {V1Root}/memory.limit_in_bytes (v1) nor 'memory' in {V2Root}/cgroup.controllers (v2)");
        }

        var path = System.IO.Path.Combine(root, name);
        try
        {
            Directory.CreateDirectory(path);
            var cgroup = new TestCgroup(path, v1);
            File.WriteAllText(System.IO.Path.Combine(path, v1 ? "memory.limit_in_bytes" : "memory.max"), limitBytes.ToString(CultureInfo.InvariantCulture));
            if (cgroup.LimitBytes != limitBytes)
            {
                throw new InvalidOperationException($"{path}: wrote limit {limitBytes}, reads back {cgroup.LimitBytes}");
            }

            return cgroup;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryRemove(path);
            throw new InvalidOperationException($"cannot create memory cgroup {path} with limit {limitBytes} (cgroup {(v1 ? "v1" : "v2")}; needs root): {e.Message}", e);
        }
    }

    public long LimitBytes => ReadNumber(_v1 ? "memory.limit_in_bytes" : "memory.max");

    public long UsageBytes => ReadNumber(_v1 ? "memory.usage_in_bytes" : "memory.current");

    /// <summary>How many processes the kernel's OOM killer has killed in this group.</summary>
    public long OomKills
    {
        get
        {
            var file = System.IO.Path.Combine(Path, _v1 ? "memory.oom_control" : "memory.events");
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(9), CultureInfo.InvariantCulture);
                }
            }

            throw new InvalidOperationException($"{file} has no oom_kill line (kernel before 4.13?)");
        }
    }

    public void Dispose() => TryRemove(Path);

    private static void TryRemove(string path)
    {
        // rmdir fails with EBUSY until the last member has been reaped; the tests kill and wait for theirs first.
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

    private long ReadNumber(string file) =>
        long.Parse(File.ReadAllText(System.IO.Path.Combine(Path, file)).Trim(), CultureInfo.InvariantCulture);
}
