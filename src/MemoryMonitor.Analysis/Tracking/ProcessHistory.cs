using System.Runtime.CompilerServices;

namespace MemoryMonitor.Analysis.Tracking;

/// <summary>
/// The last <see cref="Capacity"/> samples of one process, in a ring so a tick allocates nothing. Memory is fixed per
/// process: one array of <see cref="StoredSample"/> (28 bytes each: 240 samples = 6.6 KiB, an hour at the default 15 s).
/// Samples go in and come out (<see cref="CopyTo"/>) as doubles, so the analyzers never see the compact form. What the
/// round trip changes: seconds to the millisecond, sizes to the 4 KiB unit (exact for a process's page counts),
/// virtual size to 7 significant digits, and a fault counter that went backwards holds still instead.
/// <para>
/// While every sample has had the same sizes and no faults (an idle process: most of a node's), only the time steps
/// differ: the history holds them (4 bytes a sample, 960 bytes at 240) and the one sample they share, and grows the
/// full ring on the first sample that differs. What comes out is the same either way.
/// </para>
/// </summary>
public sealed class ProcessHistory
{
    // 64-bit CLR: an array's object header, method table pointer and length; this object's header, method table
    // pointer, two array references, the shared sample (28), six doubles and three ints, rounded up to 8.
    private const int ArrayHeaderBytes = 24;
    private const int ObjectBytes = 136;

    // One of the two: the time steps of a history that has not moved and the sample they share, or the full ring.
    private uint[]? _steps;
    private StoredSample _shared;
    private StoredSample[]? _ring;
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
        _steps = new uint[capacity];
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    /// <summary>False while every sample has had the same sizes and no faults (only time steps are held).</summary>
    public bool HasMoved => _ring is not null;

    /// <summary>Bytes held by one history of the given capacity once it has moved (its ring, the array header and the fields), for documentation and the cost benchmark.</summary>
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
                var next = At((_next + 1) % Capacity);
                _oldestSeconds += next.MillisecondsSincePrevious / 1000.0;
                _oldestMinorFaults += next.MinorFaultsSincePrevious;
                _oldestMajorFaults += next.MajorFaultsSincePrevious;
            }
        }

        // A counter that went backwards is stepped from where it is now, so later steps stay true.
        _newestMinorFaults = sample.MinorFaults;
        _newestMajorFaults = sample.MajorFaults;
        var stored = new StoredSample(
            milliseconds,
            StoredSample.Units(sample.ResidentBytes),
            StoredSample.Units(sample.AnonBytes),
            StoredSample.Units(sample.FileBytes),
            (float)sample.VirtualBytes,
            minor,
            major);
        var timeless = stored with { MillisecondsSincePrevious = 0 };
        if (_steps is not null && (Count == 0 || timeless == _shared))
        {
            _shared = timeless;
            _steps[_next] = milliseconds;
        }
        else
        {
            _ring ??= Unfold();
            _ring[_next] = stored;
        }

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
            var stored = At((start + i) % Capacity);
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
            var stored = At((start + i) % Capacity);
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

    /// <summary>The sample in slot <paramref name="slot"/> of the ring, whichever form the history holds.</summary>
    private StoredSample At(int slot) => _ring is not null ? _ring[slot] : _shared with { MillisecondsSincePrevious = _steps![slot] };

    /// <summary>The full ring of a history that has just moved: every slot so far is the shared sample at its time step.</summary>
    private StoredSample[] Unfold()
    {
        var ring = new StoredSample[Capacity];
        for (var slot = 0; slot < Capacity; slot++)
        {
            ring[slot] = At(slot);
        }

        _steps = null;
        return ring;
    }
}
