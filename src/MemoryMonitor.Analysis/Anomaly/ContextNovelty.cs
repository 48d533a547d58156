using System.Numerics;

namespace MemoryMonitor.Analysis.Anomaly;

/// <summary>
/// A context-novelty view after CAD OSE (Contextual Anomaly Detector, open-source edition, Smirnov and Fedorov; NAB's
/// <c>contextOSE</c>), reduced to its idea: a value is quantised into <c>levels</c> levels of the range seen so far,
/// and the contexts ending at it (the last 1 … <c>length</c> levels followed by its own) are looked up in a table of
/// contexts seen before. The novelty is the fraction of those contexts never seen (or forgotten): a sequence the series
/// has walked before scores 0, a new shape scores up to 1, whatever its size in deviations. Two differences from the
/// reference, for a streaming agent: the range is the causal running minimum and maximum (CAD OSE quantises by the
/// whole file's, which a stream cannot know), and the table is bounded (CAD OSE's context memory grows without limit):
/// a fixed hash table of <c>tableSize</c> keys in 2-way sets, the least recently seen key of a set replaced, so a
/// context not seen for long is forgotten and scores as novel again.
/// Memory: 4 bytes per table slot and a few fields; O(length) per observation, no allocation.
/// </summary>
internal sealed class ContextNovelty
{
    // Fibonacci hashing: the top bits of key × 2^32/φ spread packed small integers evenly over the sets.
    private const uint FibonacciMultiplier = 2654435769u;

    // The context's length sits above the packed levels, so contexts of different lengths never share a key.
    private const int LengthShift = 24;

    private readonly int[] _keys;
    private readonly int _setShift;
    private readonly int _levels;
    private readonly int _bits;
    private readonly int _length;
    private readonly int _historyMask;
    private int _history;
    private int _seen;

    /// <param name="length">Previous values in the longest context (contexts of 2 … length + 1 values are looked up).</param>
    /// <param name="levels">Quantisation levels of the running range.</param>
    /// <param name="tableSize">Context keys kept: a power of two, at least 4.</param>
    public ContextNovelty(int length, int levels, int tableSize)
    {
        _length = length;
        _levels = levels;
        _bits = BitsFor(levels);
        _historyMask = (1 << (length * _bits)) - 1;
        _keys = new int[tableSize];
        _setShift = 32 - BitOperations.Log2((uint)tableSize / 2);
    }

    /// <summary>Bits one level takes in a packed context.</summary>
    public static int BitsFor(int levels) => BitOperations.Log2((uint)levels - 1) + 1;

    /// <summary>
    /// The fraction (0 to 1) of the contexts ending at <paramref name="value"/> not in the table, then learns them.
    /// <paramref name="minimum"/> and <paramref name="maximum"/> are the range seen before this value; 0 until a context
    /// can be formed.
    /// </summary>
    public double Observe(double value, double minimum, double maximum)
    {
        var level = Level(value, minimum, maximum);
        var contexts = Math.Min(_seen, _length);
        var novel = 0;
        for (var j = 1; j <= contexts; j++)
        {
            var previous = _history & ((1 << (j * _bits)) - 1);
            if (!Touch((j << LengthShift) | (previous << _bits) | level))
            {
                novel++;
            }
        }

        _history = ((_history << _bits) | level) & _historyMask;
        _seen = Math.Min(_seen + 1, _length);
        return contexts == 0 ? 0 : (double)novel / contexts;
    }

    private int Level(double value, double minimum, double maximum)
    {
        if (!(maximum > minimum))
        {
            return 0;
        }

        var level = (int)Math.Floor((value - minimum) / (maximum - minimum) * _levels);
        return Math.Clamp(level, 0, _levels - 1);
    }

    /// <summary>True if the key was in the table; either way it becomes its set's most recent (way 0).</summary>
    private bool Touch(int key)
    {
        var stored = key + 1; // 0 marks an empty slot
        var slot = 2 * (int)(((uint)stored * FibonacciMultiplier) >> _setShift);
        if (_keys[slot] == stored)
        {
            return true;
        }

        var found = _keys[slot + 1] == stored;
        _keys[slot + 1] = _keys[slot];
        _keys[slot] = stored;
        return found;
    }
}
