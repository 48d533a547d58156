using System.Runtime.CompilerServices;

namespace MemoryMonitor.Analysis.Tracking;

/// <summary>
/// The last <see cref="Capacity"/> samples of one process, in a ring so a tick allocates nothing. Memory is fixed per
/// process: one array of <see cref="StoredSample"/> (28 bytes each: 240 samples = 6.6 KiB, an hour at the default 15 s).
/// Samples go in and come out (<see cref="CopyTo"/>) as doubles, so the analyzers never see the compact form. What the
/// round trip changes: seconds to the millisecond, sizes to the 4 KiB unit (exact for a process's page counts),
/// virtual size to 7 significant digits, and a fault counter that went backwards holds still instead.
/// </summary>
public sealed class ProcessHistory
{
    // 64-bit CLR: an array's object header, method table pointer and length; this object's header, method table
    // pointer, ring reference, six doubles and three ints, rounded up to 8.
    private const int ArrayHeaderBytes = 24;
    private const int ObjectBytes = 88;

    private readonly StoredSample[] _ring;
    private int _next;

    // The steps are relative, so the history holds the oldest sample's time and counters in full, and the newest's
    // too, to step from. The newest time is the one rebuilt from steps, so rounding never accumulates past 0.5 ms.
    private double _oldestSeconds;
    private double _oldestMinorFaults;
    private double _oldestMajorFaults;
    private double _newestSeconds;
    private double _newestMinorFaults;
    private double _newestMajorFaults;

    public ProcessHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
        _ring = new StoredSample[capacity];
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    /// <summary>Bytes held by one history of the given capacity (its ring, the array header and the fields), for documentation and the cost benchmark.</summary>
    public static long BytesFor(int capacity) => ((long)Unsafe.SizeOf<StoredSample>() * capacity) + ArrayHeaderBytes + ObjectBytes;

    public void Add(in HistorySample sample)
    {
        uint milliseconds = 0, minor = 0, major = 0;
        if (Count == 0)
        {
            _oldestSeconds = _newestSeconds = sample.Seconds;
            _oldestMinorFaults = sample.MinorFaults;
            _oldestMajorFaults = sample.MajorFaults;
        }
        else
        {
            milliseconds = StoredSample.Step(_newestSeconds * 1000, sample.Seconds * 1000);
            _newestSeconds += milliseconds / 1000.0;
            minor = StoredSample.Step(_newestMinorFaults, sample.MinorFaults);
            major = StoredSample.Step(_newestMajorFaults, sample.MajorFaults);
            if (Count == Capacity)
            {
                // The oldest is overwritten below: the one after it becomes the oldest, one step on.
                var next = _ring[(_next + 1) % Capacity];
                _oldestSeconds += next.MillisecondsSincePrevious / 1000.0;
                _oldestMinorFaults += next.MinorFaultsSincePrevious;
                _oldestMajorFaults += next.MajorFaultsSincePrevious;
            }
        }

        // A counter that went backwards is stepped from where it is now, so later steps stay true.
        _newestMinorFaults = sample.MinorFaults;
        _newestMajorFaults = sample.MajorFaults;
        _ring[_next] = new StoredSample(
            milliseconds,
            StoredSample.Units(sample.ResidentBytes),
            StoredSample.Units(sample.AnonBytes),
            StoredSample.Units(sample.FileBytes),
            (float)sample.VirtualBytes,
            minor,
            major);
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>
    /// Copies only times and resident sizes, oldest first, into the window: what the leak trend and exhaustion forecast
    /// read (<see cref="HistoryWindow.SecondsSpan"/>, <see cref="HistoryWindow.ResidentSpan"/>), at a third of the
    /// cost of the whole copy; the window's other series are left as they were.
    /// </summary>
    public void CopyResidentTo(HistoryWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.Count = Count;
        var start = Count < Capacity ? 0 : _next;
        var seconds = _oldestSeconds;
        for (var i = 0; i < Count; i++)
        {
            ref readonly var stored = ref _ring[(start + i) % Capacity];
            if (i > 0)
            {
                seconds += stored.MillisecondsSincePrevious / 1000.0;
            }

            window.Seconds[i] = seconds;
            window.ResidentBytes[i] = StoredSample.Bytes(stored.ResidentUnits);
        }
    }

    /// <summary>Copies the samples, oldest first, into the given window (its arrays at least <see cref="Count"/> long).</summary>
    public void CopyTo(HistoryWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.Count = Count;
        var start = Count < Capacity ? 0 : _next;
        double seconds = _oldestSeconds, minor = _oldestMinorFaults, major = _oldestMajorFaults;
        for (var i = 0; i < Count; i++)
        {
            ref readonly var stored = ref _ring[(start + i) % Capacity];
            if (i > 0)
            {
                seconds += stored.MillisecondsSincePrevious / 1000.0;
                minor += stored.MinorFaultsSincePrevious;
                major += stored.MajorFaultsSincePrevious;
            }

            window.Seconds[i] = seconds;
            window.ResidentBytes[i] = StoredSample.Bytes(stored.ResidentUnits);
            window.AnonBytes[i] = StoredSample.Bytes(stored.AnonUnits);
            window.FileBytes[i] = StoredSample.Bytes(stored.FileUnits);
            window.VirtualBytes[i] = stored.VirtualBytes;
            window.MinorFaults[i] = minor;
            window.MajorFaults[i] = major;
        }
    }
}
