using System.Diagnostics;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Maps;

/// <summary>
/// One read of a process's /proc/PID/smaps, grouped. smaps walks every page table entry of the process and costs
/// time in proportion to its mappings and resident size (tens of milliseconds for a large JVM, longer under mmap_lock
/// contention): it is read for the one process asked about, and how long it took is kept so callers can say so.
/// </summary>
public sealed record ProcessMaps(int Pid, string Comm, IReadOnlyList<MappingGroup> Groups, TimeSpan ReadTime)
{
    /// <summary>Reads and groups the smaps of <paramref name="pid"/> under <paramref name="procRoot"/>.</summary>
    /// <exception cref="MapsReadException">The process is gone, the file is unreadable, or it is malformed.</exception>
    public static ProcessMaps Read(string procRoot, int pid)
    {
        var path = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "smaps");
        var clock = Stopwatch.StartNew();
        try
        {
            using var reader = new StreamReader(path);
            var groups = SmapsParser.Parse(reader);
            var elapsed = clock.Elapsed;
            var comm = File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, "comm")).TrimEnd('\n');
            return new ProcessMaps(pid, comm, groups, elapsed);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new MapsReadException($"{path}: no such process");
        }
        catch (UnauthorizedAccessException)
        {
            throw new MapsReadException($"{path}: permission denied (run as root or as the process's user)");
        }
        catch (IOException e)
        {
            // ESRCH mid-read: the process exited while the kernel walked it.
            throw new MapsReadException($"{path}: {e.Message}");
        }
        catch (ParseException e)
        {
            throw new MapsReadException($"{path}: {e.Message}");
        }
    }
}

/// <summary>A process's smaps could not be read or made sense of; the message says which file and why.</summary>
public sealed class MapsReadException(string message) : Exception(message);
