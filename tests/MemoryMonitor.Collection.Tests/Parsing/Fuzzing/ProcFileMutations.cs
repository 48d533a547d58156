using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace MemoryMonitor.Collection.Tests.Parsing.Fuzzing;

/// <summary>
/// Generators of /proc texts: a real file with one to four structured mutations stacked on it, lines of a
/// real file inserted or reordered, and random bytes. A text is edited as a Latin-1 string, which maps each
/// byte to one char and back, so NUL and non-UTF-8 bytes survive every edit. Each mutation is a generator
/// itself, so CsCheck shrinks a failure to fewer and smaller edits.
/// </summary>
internal static partial class ProcFileMutations
{
    /// <summary>What a garbled or hostile file may hold where the kernel prints a number.</summary>
    private static readonly string[] OddNumbers =
    [
        "99999999999999999999999",   // past 64 bits
        "9223372036854775807",       // long.MaxValue
        "9223372036854775808",       // one past it
        "18446744073709551615",      // ulong.MaxValue: -1 printed with %lu
        "9007199254740992",          // the fewest kB whose bytes overflow a long
        "4611686018427387904",       // 2^62, where a cgroup v1 limit means "none"
        "4503599627370496",          // 2^52 kB: two of them add up past 64 bits of bytes
        "2147483648",                // one past int.MaxValue
        "-1", "-9223372036854775808", "0", "-0", "+5", "1e9", "0x1F", "12.5", "", "-", "kB",
        "\u00d9\u00a1",              // an Arabic-Indic digit one in UTF-8
    ];

    /// <summary>Bytes a proc file never holds, or holds only in other places.</summary>
    private static readonly string[] OddBytes =
    [
        "\0", "\0\0\0\0", "\u00ff", "\u00c3", "\u00ed\u00a0\u0080", "\u0080", "\r", "\t", "\n", " ", ":", "(", ")", "=", ",", "-", ".",
    ];

    private static readonly Gen<string> OddNumber =
        Gen.OneOf(Gen.OneOf(OddNumbers), Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Text made of what proc files are made of, in any order.</summary>
    private static readonly Gen<string> ProcLikeText =
        Gen.Char["0123456789 \t\n\0\u00ff:-.,()=/kBNodezonemaxsomefullavgtotal"].Array[0, 512].Select(chars => new string(chars));

    /// <summary>Random bytes, and random text made of the characters proc files hold.</summary>
    public static Gen<byte[]> Noise { get; } = Gen.OneOf(Gen.Byte.Array[0, 4096], ProcLikeText.Select(Encoding.Latin1.GetBytes));

    /// <summary>One of the files (one parser's fixtures) with one to four mutations stacked on it.</summary>
    public static Gen<byte[]> Mutated(IReadOnlyList<byte[]> corpus)
    {
        var texts = corpus.Select(Encoding.Latin1.GetString).ToArray();
        return Gen.SelectMany(Gen.OneOf(texts), Gen.Int[1, 4], (text, edits) => Stacked(text, edits, texts)).Select(Encoding.Latin1.GetBytes);
    }

    /// <summary>One of the files, and the same file with a line inserted after its first (meminfo's first must stay MemTotal).</summary>
    public static Gen<(byte[] Original, byte[] Changed)> WithLineInserted(IReadOnlyList<byte[]> corpus, Gen<string> line) =>
        Gen.OneOf([.. corpus]).SelectMany(original =>
        {
            var lines = Lines(original);
            return Gen.Select(Gen.Int[1, lines.Length], line, (at, inserted) => (original, Bytes(lines.Insert(at, inserted))));
        });

    /// <summary>One of the files, and the same file with every line but the first in another order.</summary>
    public static Gen<(byte[] Original, byte[] Changed)> WithLinesShuffled(IReadOnlyList<byte[]> corpus) =>
        Gen.OneOf([.. corpus]).SelectMany(original =>
        {
            var lines = Lines(original);
            return Gen.Shuffle(lines.Skip(1).ToArray()).Select(rest => (original, Bytes(lines.Take(1).Concat(rest))));
        });

    /// <summary>A text for a failure message: printable ASCII as it is, every other byte as \xNN.</summary>
    public static string Show(byte[] text)
    {
        var shown = new StringBuilder(text.Length);
        foreach (var b in text)
        {
            shown.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        }

        return $"{text.Length} bytes: {shown}";
    }

    public static string Show((byte[] Original, byte[] Changed) pair) => $"{Show(pair.Original)}\nchanged to {Show(pair.Changed)}";

    private static Gen<string> Stacked(string text, int edits, string[] corpus) =>
        edits == 0 ? Gen.Const(text) : Mutation(text, corpus).SelectMany(mutated => Stacked(mutated, edits - 1, corpus));

    private static Gen<string> Mutation(string text, string[] corpus)
    {
        var lines = text.Split('\n').ToImmutableArray();
        var anyLine = Gen.Int[0, lines.Length - 1];
        var anyPlace = Gen.Int[0, text.Length];
        var numbers = Number().Matches(text);
        var units = Unit().Matches(text);
        return Gen.OneOf(
            // A byte replaced by any other.
            Gen.Select(anyPlace, Gen.Char['\0', '\u00ff'], (at, c) => Splice(text, Math.Min(at, text.Length - 1), 1, c.ToString())),
            // NUL, non-UTF-8, separators.
            Gen.Select(anyPlace, Gen.OneOf(OddBytes), (at, bytes) => text.Insert(at, bytes)),
            // A line inserted, deleted or duplicated.
            Gen.Select(Gen.Int[0, lines.Length], OddLine(lines), (at, line) => Join(lines.Insert(at, line))),
            anyLine.Select(at => Join(lines.RemoveAt(at))),
            anyLine.Select(at => Join(lines.Insert(at, lines[at]))),
            // Two fields of a line swapped.
            Gen.Select(anyLine, Gen.Int[0, 8], Gen.Int[0, 8], (at, a, b) => Join(lines.SetItem(at, SwapFields(lines[at], a, b)))),
            // A number replaced: huge, negative, overflowing, not digits.
            numbers.Count == 0 ? Gen.Const(text)
                : Gen.Select(Gen.Int[0, numbers.Count - 1], OddNumber, (i, n) => Splice(text, numbers[i].Index, numbers[i].Length, n)),
            // A unit dropped.
            units.Count == 0 ? Gen.Const(text)
                : Gen.Int[0, units.Count - 1].Select(i => Splice(text, units[i].Index, units[i].Length, string.Empty)),
            // Truncated anywhere, or another file appended.
            anyPlace.Select(length => text[..length]),
            Gen.OneOf(corpus).Select(other => text + other));
    }

    /// <summary>An empty line, a line of the file again, odd bytes, proc-like noise, or a very long line.</summary>
    private static Gen<string> OddLine(ImmutableArray<string> lines) => Gen.OneOf(
        Gen.Const(string.Empty),
        Gen.OneOf([.. lines]),
        Gen.OneOf(OddBytes),
        ProcLikeText.Select(text => text.Replace("\n", string.Empty, StringComparison.Ordinal)),
        // A line's first character repeated in front of it: a key, pid or node thousands of characters long.
        Gen.Select(Gen.OneOf([.. lines]), Gen.Int[256, 65_536], (line, count) => new string(line.Length == 0 ? 'x' : line[0], count) + line));

    /// <summary>Swaps the a-th and b-th space-separated fields of a line (modulo their count).</summary>
    private static string SwapFields(string line, int a, int b)
    {
        var fields = line.Split(' ');
        (fields[a % fields.Length], fields[b % fields.Length]) = (fields[b % fields.Length], fields[a % fields.Length]);
        return string.Join(' ', fields);
    }

    private static string Splice(string text, int at, int length, string replacement) =>
        at < 0 ? replacement : string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + length));

    private static ImmutableArray<string> Lines(byte[] text) => [.. Encoding.Latin1.GetString(text).Split('\n')];

    private static string Join(IEnumerable<string> lines) => string.Join('\n', lines);

    private static byte[] Bytes(IEnumerable<string> lines) => Encoding.Latin1.GetBytes(Join(lines));

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Number();

    [GeneratedRegex(" ?kB")]
    private static partial Regex Unit();
}
