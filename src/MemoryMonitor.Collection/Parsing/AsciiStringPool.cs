using System.Text;

namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Turns the same ASCII names (meminfo keys, process comms) into the same string instance, so a
/// steady-state sweep allocates no strings. Bounded: a host that churns through unbounded distinct
/// names only costs a periodic clear.
/// </summary>
internal sealed class AsciiStringPool
{
    private const int MaxStackChars = 256;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly int _capacity;

    public AsciiStringPool(int capacity = 16_384) => _capacity = capacity;

    public int Count => _strings.Count;

    public string GetOrAdd(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > MaxStackChars)
        {
            return Encoding.UTF8.GetString(ascii);
        }

        Span<char> chars = stackalloc char[MaxStackChars];
        var length = Encoding.UTF8.GetChars(ascii, chars);
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out var existing))
        {
            return existing;
        }

        if (_strings.Count >= _capacity)
        {
            _strings.Clear();
        }

        var created = new string(chars[..length]);
        _strings[created] = created;
        return created;
    }
}
