using System.Runtime.InteropServices;
using System.Text;

namespace MemoryMonitor.Collection.ProcFs;

/// <summary>
/// Reads whole proc/cgroup files into one reused, pinned buffer. Not thread-safe: each sweep owns one.
/// The returned span is valid until the next read.
/// </summary>
public sealed unsafe class ProcFileReader
{
    private const int MaxPathBytes = 4096;
    private readonly byte[] _root;
    private readonly byte[] _path = GC.AllocateArray<byte>(MaxPathBytes, pinned: true);
    private byte[] _buffer = GC.AllocateArray<byte>(16 * 1024, pinned: true);

    /// <param name="procRoot">Where procfs is mounted: /proc, or /host/proc in a container.</param>
    public ProcFileReader(string procRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(procRoot);
        _root = Encoding.UTF8.GetBytes(procRoot.TrimEnd('/'));
    }

    /// <summary>Reads ROOT/PID/NAME, e.g. /proc/42/stat.</summary>
    public ReadStatus ReadProcessFile(int pid, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> content)
    {
        BuildProcessPath(pid, name);
        fixed (byte* path = _path)
        {
            return ReadNulTerminated(path, out content);
        }
    }

    /// <summary>Reads ROOT/NAME, e.g. /proc/meminfo.</summary>
    public ReadStatus ReadRootFile(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> content)
    {
        var span = _path.AsSpan();
        _root.CopyTo(span);
        var length = _root.Length;
        span[length++] = (byte)'/';
        name.CopyTo(span[length..]);
        span[length + name.Length] = 0;
        fixed (byte* path = _path)
        {
            return ReadNulTerminated(path, out content);
        }
    }

    /// <summary>Reads an absolute path (cgroup files under sysfs).</summary>
    public ReadStatus ReadAbsolute(string path, out ReadOnlySpan<byte> content)
    {
        var written = Encoding.UTF8.GetBytes(path, _path.AsSpan(0, MaxPathBytes - 1));
        _path[written] = 0;
        fixed (byte* p = _path)
        {
            return ReadNulTerminated(p, out content);
        }
    }

    /// <summary>Resolves the symlink ROOT/PID/NAME (the exe link), or null when it cannot be read.</summary>
    public string? ReadProcessLink(int pid, ReadOnlySpan<byte> name, out ReadStatus status)
    {
        BuildProcessPath(pid, name);
        fixed (byte* path = _path)
        fixed (byte* target = _buffer)
        {
            var length = LibC.ReadLink(path, target, _buffer.Length);
            if (length < 0)
            {
                status = StatusOf(Marshal.GetLastPInvokeError());
                return null;
            }

            status = ReadStatus.Ok;
            return Encoding.UTF8.GetString(_buffer, 0, (int)length);
        }
    }

    private int BuildProcessPath(int pid, ReadOnlySpan<byte> name)
    {
        var span = _path.AsSpan();
        _root.CopyTo(span);
        var length = _root.Length;
        span[length++] = (byte)'/';
        pid.TryFormat(span[length..], out var digits);
        length += digits;
        span[length++] = (byte)'/';
        name.CopyTo(span[length..]);
        length += name.Length;
        span[length] = 0;
        return length;
    }

    private ReadStatus ReadNulTerminated(byte* path, out ReadOnlySpan<byte> content)
    {
        content = default;
        var fd = LibC.Open(path, LibC.ORdOnly | LibC.OCloExec);
        if (fd < 0)
        {
            return StatusOf(Marshal.GetLastPInvokeError());
        }

        try
        {
            var total = 0;
            while (true)
            {
                if (total == _buffer.Length)
                {
                    var bigger = GC.AllocateArray<byte>(_buffer.Length * 2, pinned: true);
                    _buffer.AsSpan().CopyTo(bigger);
                    _buffer = bigger;
                }

                nint read;
                fixed (byte* buffer = _buffer)
                {
                    read = LibC.Read(fd, buffer + total, _buffer.Length - total);
                }

                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EIntr)
                    {
                        continue;
                    }

                    return StatusOf(errno);
                }

                if (read == 0)
                {
                    content = _buffer.AsSpan(0, total);
                    return ReadStatus.Ok;
                }

                total += (int)read;
            }
        }
        finally
        {
            // close(2) on a read-only procfs fd cannot lose data; its result carries no information here.
            _ = LibC.Close(fd);
        }
    }

    internal static ReadStatus StatusOf(int errno) =>
        errno switch
        {
            LibC.ENoEnt or LibC.ESrch or LibC.ENotDir => ReadStatus.Missing,
            LibC.EAcces or LibC.EPerm => ReadStatus.PermissionDenied,
            _ => ReadStatus.Failed,
        };
}
