using System.IO.MemoryMappedFiles;
using MemoryMonitor.Agent.Sampling;
using Xunit;

namespace MemoryMonitor.Agent.Tests.Sampling;

/// <summary>The real kernel takes back the resident pages of a read-only file mapping under the directory given, and only those.</summary>
public sealed class StartupPagesTests
{
    private const int Size = 8 << 20;

    [Fact]
    public void Pages_of_a_mapped_file_under_the_directory_leave_the_resident_set()
    {
        var directory = Directory.CreateTempSubdirectory("memmon-pages-");
        var elsewhere = Directory.CreateTempSubdirectory("memmon-pages-other-");
        try
        {
            using var mine = Mapped(Path.Combine(directory.FullName, "code.bin"), out var minePath);
            using var other = Mapped(Path.Combine(elsewhere.FullName, "code.bin"), out var otherPath);
            Assert.True(ResidentKb(minePath) >= Size / 1024 * 9 / 10, $"{minePath} not resident after reading it");

            var advised = StartupPages.Release(directory.FullName + "/");

            Assert.True(advised >= Size, $"advised {advised} bytes");
            Assert.True(ResidentKb(minePath) < Size / 1024 / 4, $"{minePath} still has {ResidentKb(minePath)} kB resident");
            Assert.True(ResidentKb(otherPath) >= Size / 1024 * 9 / 10, $"{otherPath}, outside the directory, lost its pages");
        }
        finally
        {
            directory.Delete(recursive: true);
            elsewhere.Delete(recursive: true);
        }
    }

    /// <summary>A read-only mapping of a new file, every page read once so it is resident.</summary>
    private static MemoryMappedViewAccessor Mapped(string path, out string mapped)
    {
        File.WriteAllBytes(path, Enumerable.Range(0, Size).Select(i => (byte)i).ToArray());
        mapped = path;
        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, Size, MemoryMappedFileAccess.Read);
        long sum = 0;
        for (var offset = 0; offset < Size; offset += 4096)
        {
            sum += view.ReadByte(offset);
        }

        GC.KeepAlive(sum);
        return view;
    }

    /// <summary>The resident kB of every mapping of the file, from /proc/self/smaps.</summary>
    private static long ResidentKb(string path)
    {
        long kb = 0;
        var inFile = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            // A mapping's header starts with its address range; its attributes ("Rss:      8192 kB") follow.
            if (line.Split(' ', 2)[0].Contains('-', StringComparison.Ordinal))
            {
                inFile = line.EndsWith(path, StringComparison.Ordinal);
            }
            else if (inFile && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                kb += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return kb;
    }
}
