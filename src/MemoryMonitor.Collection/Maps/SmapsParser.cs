using System.Globalization;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Maps;

/// <summary>
/// Groups the mappings of a /proc/PID/smaps text by what they are (<see cref="MappingKind"/>), largest resident first.
/// Each mapping is a header ("start-end perms offset dev inode [path]") followed by "Field: N kB" lines.
/// </summary>
public static class SmapsParser
{
    /// <summary>Largest guard below a thread stack: glibc uses one page by default, runtimes up to a few.</summary>
    private const long MaximumGuardBytes = 1L << 20;

    /// <exception cref="ParseException">A line that is neither a mapping header nor a field of one.</exception>
    public static IReadOnlyList<MappingGroup> Parse(TextReader smaps)
    {
        ArgumentNullException.ThrowIfNull(smaps);
        var groups = new Dictionary<(MappingKind, string), MappingGroup>();
        MappingGroup? current = null;
        Header previous = default;
        var lineNumber = 0;
        while (smaps.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (Header.TryParse(line, out var header))
            {
                var (kind, name) = Classify(header, previous);
                if (!groups.TryGetValue((kind, name), out current))
                {
                    current = new MappingGroup(kind, name);
                    groups[(kind, name)] = current;
                }

                current.Mappings++;
                current.SizeBytes += header.End - header.Start;
                previous = header;
                continue;
            }

            if (current is null || !TryField(line, out var field, out var bytes))
            {
                throw new ParseException($"smaps line {lineNumber}: expected a mapping header or a 'Field: N kB' line");
            }

            switch (field)
            {
                case "Rss": current.ResidentBytes += bytes; break;
                case "Pss": current.ProportionalBytes += bytes; break;
                case "Swap": current.SwapBytes += bytes; break;
                case "Shared_Dirty": current.DirtyBytes += bytes; break;
                case "Private_Dirty": current.DirtyBytes += bytes; current.PrivateBytes += bytes; break;
                case "Private_Clean": current.PrivateBytes += bytes; break;
            }
        }

        return [.. groups.Values.OrderByDescending(g => g.ResidentBytes).ThenByDescending(g => g.SizeBytes).ThenBy(g => g.Name, StringComparer.Ordinal)];
    }

    private static (MappingKind Kind, string Name) Classify(Header header, Header below)
    {
        var path = header.Path;
        if (path.Length == 0)
        {
            if (header.Shared)
            {
                return (MappingKind.SharedMemory, "[shared anonymous]");
            }

            // A thread stack: readable and writable, directly on top of an inaccessible anonymous guard.
            var guarded = below.End == header.Start && below.Path.Length == 0 && below.Permissions == "---p" && below.End - below.Start <= MaximumGuardBytes;
            return guarded && header.Permissions == "rw-p" ? (MappingKind.ThreadStacks, "[thread stacks]") : (MappingKind.Anonymous, "[anonymous]");
        }

        if (path[0] == '[')
        {
            return path switch
            {
                "[heap]" => (MappingKind.Heap, path),
                "[stack]" => (MappingKind.Stack, path),
                _ when path.StartsWith("[stack:", StringComparison.Ordinal) => (MappingKind.ThreadStacks, "[thread stacks]"),
                _ when path.StartsWith("[anon_shmem:", StringComparison.Ordinal) => (MappingKind.SharedMemory, path),
                _ when path.StartsWith("[anon:", StringComparison.Ordinal) => (MappingKind.Anonymous, path),
                _ => (MappingKind.Kernel, path),
            };
        }

        if (path.StartsWith("/dev/shm/", StringComparison.Ordinal) || path.StartsWith("/SYSV", StringComparison.Ordinal)
            || path.StartsWith("/memfd:", StringComparison.Ordinal) || path.StartsWith("/dev/zero", StringComparison.Ordinal))
        {
            return (MappingKind.SharedMemory, path);
        }

        return (MappingKind.File, path);
    }

    private static bool TryField(string line, out string field, out long bytes)
    {
        field = string.Empty;
        bytes = 0;
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        field = line[..colon];
        var value = line.AsSpan(colon + 1).Trim();
        if (!value.EndsWith(" kB", StringComparison.Ordinal))
        {
            // VmFlags, THPeligible, ProtectionKey: not sizes, and not needed.
            return field is "VmFlags" or "THPeligible" or "ProtectionKey";
        }

        if (!long.TryParse(value[..^3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kilobytes))
        {
            return false;
        }

        bytes = kilobytes * 1024;
        return true;
    }

    private readonly record struct Header(long Start, long End, string Permissions, string Path)
    {
        public bool Shared => Permissions.Length == 4 && Permissions[3] == 's';

        public static bool TryParse(string line, out Header header)
        {
            header = default;
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash <= 0 || space <= dash
                || !long.TryParse(line.AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
                || !long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end))
            {
                return false;
            }

            // perms offset dev inode [path]: the path starts after the inode and may contain spaces.
            var rest = line.AsSpan(space + 1);
            Span<Range> parts = stackalloc Range[5];
            var count = rest.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
            if (count < 4)
            {
                return false;
            }

            var permissions = rest[parts[0]].ToString();
            var path = count == 5 ? rest[parts[4]].Trim().ToString() : string.Empty;
            header = new Header(start, end, permissions, path);
            return permissions.Length == 4;
        }
    }
}
