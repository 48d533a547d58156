namespace MemoryMonitor.Analysis.Tracking;

/// <summary>
/// The last <see cref="Capacity"/> samples of one process, in a ring so a tick allocates nothing. Memory is
/// fixed per process: 7 series x 8 bytes x capacity (240 samples = 13 KiB, an hour at the default 15 s).
/// </summary>
public sealed class ProcessHistory
{
    private readonly double[] _seconds;
    private readonly double[] _resident;
    private readonly double[] _anon;
    private readonly double[] _file;
    private readonly double[] _virtual;
    private readonly double[] _minorFaults;
    private readonly double[] _majorFaults;
    private int _next;

    public ProcessHistory(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
        _seconds = new double[capacity];
        _resident = new double[capacity];
        _anon = new double[capacity];
        _file = new double[capacity];
        _virtual = new double[capacity];
        _minorFaults = new double[capacity];
        _majorFaults = new double[capacity];
    }

    public int Capacity { get; }

    public int Count { get; private set; }

    /// <summary>Bytes held by one history of the given capacity, for documentation and the cost benchmark.</summary>
    public static long BytesFor(int capacity) => 7L * sizeof(double) * capacity;

    public void Add(in HistorySample sample)
    {
        _seconds[_next] = sample.Seconds;
        _resident[_next] = sample.ResidentBytes;
        _anon[_next] = sample.AnonBytes;
        _file[_next] = sample.FileBytes;
        _virtual[_next] = sample.VirtualBytes;
        _minorFaults[_next] = sample.MinorFaults;
        _majorFaults[_next] = sample.MajorFaults;
        _next = (_next + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>Copies the samples, oldest first, into the given window (its arrays at least <see cref="Count"/> long).</summary>
    public void CopyTo(HistoryWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        window.Count = Count;
        Unroll(_seconds, window.Seconds);
        Unroll(_resident, window.ResidentBytes);
        Unroll(_anon, window.AnonBytes);
        Unroll(_file, window.FileBytes);
        Unroll(_virtual, window.VirtualBytes);
        Unroll(_minorFaults, window.MinorFaults);
        Unroll(_majorFaults, window.MajorFaults);
    }

    private void Unroll(double[] ring, double[] target)
    {
        var start = Count < Capacity ? 0 : _next;
        var firstPart = Math.Min(Count, Capacity - start);
        Array.Copy(ring, start, target, 0, firstPart);
        Array.Copy(ring, 0, target, firstPart, Count - firstPart);
    }
}
