using System.Runtime.InteropServices;
using System.Text;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.ProcFs;

namespace MemoryMonitor.Collection.Kernel;

/// <summary>
/// Reads the kernel's OOM kills from /dev/kmsg as they are logged. Not thread-safe: the sampler's thread drains it.
/// <para>
/// Only kills logged after the reader opened are reported: it seeks to the end of the log when it opens
/// (lseek SEEK_END, Linux 3.5+) and remembers nothing across restarts, so a restarted agent never reports its
/// predecessor's kills again and never reads the whole ring buffer at start. (Filtering by timestamp instead
/// would need the agent's start on the printk clock and a read of the whole buffer for nothing.)
/// </para>
/// <para>A kill logged as both an "oom-kill:" summary and a "Killed process" line counts once (<see cref="OomKillJoiner"/>).</para>
/// </summary>
public sealed unsafe class OomKillReader : IDisposable
{
    public const string DefaultPath = "/dev/kmsg";

    /// <summary>
    /// At a few microseconds per read(2), a few milliseconds per sweep at most. One memcg OOM report is about
    /// 90 records; a global one lists every process (a line each), so a node-wide OOM may take a few sweeps.
    /// </summary>
    public const int DefaultMaxRecordsPerDrain = 4096;

    // CONSOLE_EXT_LOG_MAX (include/linux/printk.h): devkmsg_read never returns more; a smaller buffer can get EINVAL.
    private const int RecordBufferBytes = 8192;

    private readonly byte[] _buffer = GC.AllocateArray<byte>(RecordBufferBytes, pinned: true);
    private readonly ReadErrorCounters _errors;
    private readonly int _maxRecordsPerDrain;
    private int _fd = -1;

    private readonly OomKillJoiner _joiner = new();

    /// <param name="errors">Where a log that cannot be opened (once) and malformed kill records are counted.</param>
    /// <param name="path">The kernel log device; another path only in tests.</param>
    /// <param name="maxRecordsPerDrain">Records read per <see cref="Drain"/> at most, so a flood of messages cannot stall a sweep.</param>
    public OomKillReader(ReadErrorCounters errors, string path = DefaultPath, int maxRecordsPerDrain = DefaultMaxRecordsPerDrain)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordsPerDrain, 1);
        _errors = errors;
        _maxRecordsPerDrain = maxRecordsPerDrain;
        Available = TryOpen(path);
    }

    /// <summary>
    /// False when the log could not be opened: missing (a container without /dev/kmsg) or permission denied
    /// (not root, or no CAP_SYSLOG under kernel.dmesg_restrict). Counted once; the reader never tries again.
    /// </summary>
    public bool Available { get; }

    /// <summary>Records read so far, kills or not.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>
    /// Times the kernel overwrote records before they were read (EPIPE); the kills among them are lost.
    /// The ring buffer is log_buf_len bytes (128 KiB to a few MiB), so this takes a flood between two sweeps.
    /// </summary>
    public long Overruns { get; private set; }

    /// <summary>Appends the kills logged since the last call (at most the configured number of records read); returns how many.</summary>
    public int Drain(List<OomKillRecord> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var added = 0;
        for (var records = 0; _fd >= 0 && records < _maxRecordsPerDrain; records++)
        {
            nint read;
            fixed (byte* buffer = _buffer)
            {
                read = LibC.Read(_fd, buffer, _buffer.Length);
            }

            if (read <= 0)
            {
                // 0 is not documented for /dev/kmsg; treat it as "nothing more now" rather than spin.
                if (read == 0 || !Continues(Marshal.GetLastPInvokeError()))
                {
                    break;
                }

                continue;
            }

            RecordsRead++;
            OomKillRecord? kill;
            try
            {
                if (!OomKillRecordParser.TryParse(_buffer.AsSpan(0, (int)read), out kill))
                {
                    continue;
                }
            }
            catch (ParseException)
            {
                _errors.Record(CollectedFile.Kmsg, ReadFailure.Malformed);
                continue;
            }

            if (_joiner.Add(kill) is { } joined)
            {
                into.Add(joined);
                added++;
            }
        }

        return added;
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            // A read-only fd: close(2) cannot lose data.
            _ = LibC.Close(_fd);
            _fd = -1;
        }
    }

    private bool TryOpen(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            fd = LibC.Open(p, LibC.ORdOnly | LibC.ONonBlock | LibC.OCloExec);
        }

        if (fd < 0)
        {
            _errors.Record(CollectedFile.Kmsg, ReadErrors.OfFile(ProcFileReader.StatusOf(Marshal.GetLastPInvokeError())));
            return false;
        }

        // Without the seek every kill still in the ring buffer would be reported again at each start.
        if (LibC.LSeek(fd, 0, LibC.SeekEnd) < 0)
        {
            _errors.Record(CollectedFile.Kmsg, ReadFailure.IoError);
            _ = LibC.Close(fd);
            return false;
        }

        _fd = fd;
        return true;
    }

    /// <summary>Whether draining goes on after a failed read(2).</summary>
    private bool Continues(int errno)
    {
        switch (errno)
        {
            case LibC.EIntr:
                return true;
            case LibC.EAgain:
                return false;
            case LibC.EPipe:
                // Our next record was overwritten; the next read returns the oldest one the kernel still holds.
                Overruns++;
                _joiner.Reset();
                return true;
            case LibC.EInval:
                // A record longer than CONSOLE_EXT_LOG_MAX: the kernel would return EINVAL for it forever.
                _errors.Record(CollectedFile.Kmsg, ReadFailure.IoError);
                _ = LibC.LSeek(_fd, 0, LibC.SeekEnd);
                _joiner.Reset();
                return false;
            default:
                _errors.Record(CollectedFile.Kmsg, ReadFailure.IoError);
                return false;
        }
    }
}
