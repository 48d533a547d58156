using System.Text;

namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Parses /proc/PID/cgroup ("hierarchy-ID:controller-list:path" per line, cgroups(7)).
/// On a hybrid host the memory controller is still mounted as v1 while a "0::" v2 line exists too;
/// memory is accounted where the controller lives, so a v1 memory line wins.
/// </summary>
internal static class CgroupMembershipParser
{
    public static CgroupMembership? Parse(ReadOnlySpan<byte> text)
    {
        ReadOnlySpan<byte> unified = default;
        var sawUnified = false;
        var scanner = new ProcTextScanner(text);
        while (scanner.TryReadLine(out var line))
        {
            var first = line.IndexOf((byte)':');
            if (first < 0)
            {
                continue;
            }

            var afterId = line[(first + 1)..];
            var second = afterId.IndexOf((byte)':');
            if (second < 0)
            {
                throw new ParseException("cgroup: expected 'id:controllers:path'");
            }

            var controllers = afterId[..second];
            var path = afterId[(second + 1)..];
            if (controllers.IsEmpty && line[..first].SequenceEqual("0"u8))
            {
                unified = path;
                sawUnified = true;
            }
            else if (HasController(controllers, "memory"u8))
            {
                return new CgroupMembership(Encoding.UTF8.GetString(path), IsV2: false);
            }
        }

        return sawUnified ? new CgroupMembership(Encoding.UTF8.GetString(unified), IsV2: true) : null;
    }

    private static bool HasController(ReadOnlySpan<byte> list, ReadOnlySpan<byte> name)
    {
        foreach (var range in list.Split((byte)','))
        {
            if (list[range].SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }
}
