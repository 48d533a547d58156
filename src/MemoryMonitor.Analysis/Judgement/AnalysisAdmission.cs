namespace MemoryMonitor.Analysis.Judgement;

/// <summary>
/// Which live processes the engine analyses when there are more than it may hold (<see cref="AnalysisSettings.MaxAnalysedProcesses"/>),
/// so its memory has a bound whatever the node runs. In order, until the bound is reached:
/// <list type="number">
/// <item>the largest half of the bound by resident memory: where the top-N series, the node's pressure and most
/// exhaustion come from;</item>
/// <item>those already analysed that rank within a quarter more than that, so a process near the cut keeps its history
/// instead of losing it every time it trades places with a neighbour;</item>
/// <item>the flagged, largest first: a judgement that crossed its threshold keeps its evidence;</item>
/// <item>a rotating sample of the rest: the next processes in pid order from a cursor that moves on by 1/tenure of
/// the sample each tick, so each is analysed for about <c>tenure</c> ticks in turn (the engine uses a full history,
/// long enough for a leak window) and the whole population is covered every rest / sample tenures. Leaving the
/// sample drops a process's history: a process is either analysed on its evidence or holds nothing.</item>
/// </list>
/// Pure and deterministic: the same candidates in the same order give the same answer.
/// </summary>
internal sealed class AnalysisAdmission
{
    private readonly int _maximum;
    private readonly int _tenureTicks;
    private int[] _order = [];
    private ulong[] _keys = [];
    private int _cursor;
    private long _credit;

    public AnalysisAdmission(int maximum, int tenureTicks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tenureTicks, 1);
        _maximum = maximum;
        _tenureTicks = tenureTicks;
    }

    /// <summary>Marks in <paramref name="admitted"/> (as long as the candidates) which are analysed this tick; returns how many.</summary>
    public int Admit(ReadOnlySpan<AdmissionCandidate> candidates, Span<bool> admitted)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(admitted.Length, candidates.Length, nameof(admitted));
        var count = candidates.Length;
        if (count <= _maximum)
        {
            admitted[..count].Fill(true);
            return count;
        }

        admitted[..count].Clear();
        if (_order.Length < count)
        {
            _order = new int[count * 2];
            _keys = new ulong[count * 2];
        }

        // Largest first (in 4 KiB units, the resolution /proc reports), equal sizes by pid, so the order never depends
        // on the sweep's. Pids are unique among live processes, so each key is unique.
        var order = _order.AsSpan(0, count);
        var keys = _keys.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            var units = (uint)Math.Clamp(candidates[i].ResidentBytes / 4096, 0, uint.MaxValue);
            order[i] = i;
            keys[i] = ((ulong)(uint.MaxValue - units) << 32) | (uint)candidates[i].Pid;
        }

        keys.Sort(order);
        var largest = Math.Max(1, _maximum / 2);
        var band = largest + (largest / 4);
        var taken = 0;
        for (var rank = 0; rank < count && taken < _maximum; rank++)
        {
            var i = order[rank];
            if (rank < largest || (rank < band && candidates[i].Analysed))
            {
                admitted[i] = true;
                taken++;
            }
        }

        for (var rank = 0; rank < count && taken < _maximum; rank++)
        {
            var i = order[rank];
            if (!admitted[i] && candidates[i].Flagged)
            {
                admitted[i] = true;
                taken++;
            }
        }

        var slots = _maximum - taken;
        if (slots > 0)
        {
            TakeSample(candidates, admitted, slots);
            taken += slots;
        }

        return taken;
    }

    /// <summary>
    /// The <paramref name="slots"/> not yet admitted that come first in pid order from the cursor (wrapping), and the
    /// cursor moved past slots / tenure of them for the next tick.
    /// </summary>
    private void TakeSample(ReadOnlySpan<AdmissionCandidate> candidates, Span<bool> admitted, int slots)
    {
        var rest = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            if (!admitted[i])
            {
                _order[rest] = i;
                // Distance from the cursor going up, wrapping: pids below it come after every pid above it.
                _keys[rest] = (uint)(candidates[i].Pid - _cursor);
                rest++;
            }
        }

        var order = _order.AsSpan(0, rest);
        _keys.AsSpan(0, rest).Sort(order);
        for (var k = 0; k < slots; k++)
        {
            admitted[order[k]] = true;
        }

        // Each tick earns the cursor slots / tenure steps, kept as a remainder, so a sample of any size turns over
        // once per tenure (a sample of 10 with a tenure of 240 moves one pid every 24 ticks).
        _credit += slots;
        var step = _credit / _tenureTicks;
        _credit -= step * _tenureTicks;
        if (step > 0)
        {
            _cursor = candidates[order[(int)(step % rest)]].Pid;
        }
    }
}
