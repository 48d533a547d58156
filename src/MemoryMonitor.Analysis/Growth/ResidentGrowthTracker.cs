using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Analysis.Growth;

/// <summary>
/// Resident-memory growth per process over a sliding window: (newest - oldest) / elapsed, in bytes per second.
/// Enough for a person watching `memmon monitor`; robust trend estimation belongs to the leak detector.
/// Memory per process is bounded by the window's sample count.
/// </summary>
public sealed class ResidentGrowthTracker
{
    private readonly int _capacity;
    private readonly Dictionary<(int Pid, long Start), Queue<(DateTimeOffset At, long Bytes)>> _history = [];
    private readonly HashSet<(int, long)> _live = [];

    public ResidentGrowthTracker(int samplesPerWindow = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerWindow, 2);
        _capacity = samplesPerWindow;
    }

    public void Observe(IReadOnlyCollection<ProcessRecord> processes, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(processes);
        _live.Clear();
        foreach (var process in processes)
        {
            if (process.ResidentBytes < 0)
            {
                continue;
            }

            var key = (process.Pid, process.StartTimeTicks);
            _live.Add(key);
            if (!_history.TryGetValue(key, out var samples))
            {
                samples = new Queue<(DateTimeOffset, long)>(_capacity);
                _history[key] = samples;
            }

            if (samples.Count == _capacity)
            {
                samples.Dequeue();
            }

            samples.Enqueue((at, process.ResidentBytes));
        }

        foreach (var key in _history.Keys)
        {
            if (!_live.Contains(key))
            {
                _history.Remove(key);
            }
        }
    }

    /// <summary>Bytes per second over the window, or null with fewer than two samples.</summary>
    public double? BytesPerSecond(ProcessRecord process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!_history.TryGetValue((process.Pid, process.StartTimeTicks), out var samples) || samples.Count < 2)
        {
            return null;
        }

        var (firstAt, firstBytes) = samples.Peek();
        var (lastAt, lastBytes) = samples.Last();
        var seconds = (lastAt - firstAt).TotalSeconds;
        return seconds <= 0 ? null : (lastBytes - firstBytes) / seconds;
    }
}
