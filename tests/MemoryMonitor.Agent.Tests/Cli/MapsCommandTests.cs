using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>
/// `memmon maps` on a real child whose heap, anonymous mapping and file mapping sizes the test sets
/// (Children/mappings.c): each group reports what the child put there.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MapsCommandTests : IDisposable
{
    private const long Mib = 1024 * 1024;
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("memmon-maps-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task Json_groups_show_the_heap_anonymous_and_file_memory_the_child_holds()
    {
        var data = Path.Combine(_work.FullName, "data.bin");
        await File.WriteAllBytesAsync(data, new byte[12 * Mib]);
        using var child = await StartAsync(heapMib: 16, anonMib: 24, data, fileMib: 8);

        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["maps", child.Id.ToString(CultureInfo.InvariantCulture), "--json"]);

        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        var groups = report.RootElement.GetProperty("groups").EnumerateArray()
            .ToDictionary(g => (g.GetProperty("kind").GetString()!, g.GetProperty("name").GetString()!), g => g.GetProperty("rss_bytes").GetInt64());
        Assert.Equal("mappings", report.RootElement.GetProperty("comm").GetString());
        Assert.True(report.RootElement.GetProperty("read_milliseconds").GetDouble() >= 0);
        // The C runtime's own small allocations share the heap and the anonymous group: a little over, never under.
        Assert.InRange(groups[("heap", "[heap]")], 16 * Mib, 18 * Mib);
        Assert.InRange(groups[("anon", "[anonymous]")], 24 * Mib, 28 * Mib);
        Assert.Equal(8 * Mib, groups[("file", data)]);
        Assert.Contains(groups.Keys, k => k.Item1 == "file" && k.Item2.Contains("libc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_table_fits_80_columns_in_a_pipe_with_the_largest_group_first()
    {
        var data = Path.Combine(_work.FullName, new string('d', 120) + ".bin");
        await File.WriteAllBytesAsync(data, new byte[4 * Mib]);
        using var child = await StartAsync(heapMib: 4, anonMib: 32, data, fileMib: 4);

        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["maps", child.Id.ToString(CultureInfo.InvariantCulture)]);

        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        // The summary is one line here; a long pid and name would break it over two, never cut it.
        var header = Array.FindIndex(lines, l => l.StartsWith("KIND", StringComparison.Ordinal));
        Assert.InRange(header, 1, 2);
        Assert.StartsWith("anon", lines[header + 1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("file", StringComparison.Ordinal) && l.EndsWith("ddd.bin", StringComparison.Ordinal) && l.Contains('…', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_process_that_does_not_exist_is_one_line_and_exit_1()
    {
        var (exit, stdout, stderr) = await MemmonProcess.RunAsync(["maps", "999999999"]);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("memmon: error: /proc/999999999/smaps: no such process", stderr.TrimEnd('\n'));
    }

    private static async Task<Child> StartAsync(int heapMib, int anonMib, string file, int fileMib)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Children", "mappings.c");
        var binary = Path.Combine(Path.GetTempPath(), $"mappings-{Environment.ProcessId}", "mappings");
        Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
        if (!File.Exists(binary))
        {
            using var gcc = Process.Start(new ProcessStartInfo("gcc", ["-O1", "-o", binary, source]))!;
            await gcc.WaitForExitAsync();
            Assert.Equal(0, gcc.ExitCode);
        }

        var process = Process.Start(new ProcessStartInfo(binary, [heapMib.ToString(CultureInfo.InvariantCulture), anonMib.ToString(CultureInfo.InvariantCulture), file, fileMib.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        })!;
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("ready", line, StringComparison.Ordinal);
        return new Child(process);
    }

    private sealed class Child(Process process) : IDisposable
    {
        public int Id => process.Id;

        public void Dispose()
        {
            process.Kill();
            process.WaitForExit();
            process.Dispose();
        }
    }
}
