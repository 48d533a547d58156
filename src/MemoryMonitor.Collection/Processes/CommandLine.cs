using System.Text;

namespace MemoryMonitor.Collection.Processes;

/// <summary>Splits /proc/PID/cmdline (NUL-separated argv) into the arguments after argv[0].</summary>
internal static class CommandLine
{
    /// <summary>Arguments beyond this many are dropped: baselines need the shape of a command, not all of it.</summary>
    private const int MaxArguments = 32;

    public static string[] Arguments(ReadOnlySpan<byte> cmdline)
    {
        var arguments = new List<string>();
        var first = true;
        foreach (var range in cmdline.TrimEnd((byte)0).Split((byte)0))
        {
            if (first)
            {
                first = false;
                continue;
            }

            if (arguments.Count == MaxArguments)
            {
                break;
            }

            arguments.Add(Encoding.UTF8.GetString(cmdline[range]));
        }

        return [.. arguments];
    }
}
