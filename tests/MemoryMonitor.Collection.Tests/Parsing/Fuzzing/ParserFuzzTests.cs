using System.Text;
using CsCheck;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Parsing.Fuzzing;

/// <summary>
/// Property-based fuzzing of the /proc and cgroup parsers over the fixtures (Fixtures/README.md).
/// A parser parses to values in the ranges its API promises, refuses (TryParse false, no cgroup), or
/// throws <see cref="ParseException"/>; never anything else. A failure prints CsCheck's seed: set the
/// CsCheck_Seed environment variable to it to replay the shrunk input.
/// </summary>
public sealed class ParserFuzzTests
{
    /// <summary>Per parser and property; the whole class runs in seconds on two cores (Release).</summary>
    private const long Iterations = 5_000;

    public static TheoryData<string> Parsers => ProcParsers.Names;

    [Theory]
    [MemberData(nameof(Parsers))]
    public void A_mutated_real_file_parses_or_fails_cleanly(string parser)
    {
        ProcFileMutations.Mutated(ProcParsers.Corpus(parser))
            .Sample(text => ParsesOrFailsCleanly(parser, text), iter: Iterations, print: ProcFileMutations.Show);
    }

    [Theory]
    [MemberData(nameof(Parsers))]
    public void Random_bytes_parse_or_fail_cleanly(string parser)
    {
        ProcFileMutations.Noise.Sample(text => ParsesOrFailsCleanly(parser, text), iter: Iterations, print: ProcFileMutations.Show);
    }

    [Theory]
    [InlineData("meminfo")]
    [InlineData("vmstat")]
    [InlineData("status")]
    [InlineData("smaps_rollup")]
    [InlineData("cgroup")]
    [InlineData("memory.stat v2")]
    [InlineData("memory.stat v1")]
    [InlineData("memory.events")]
    [InlineData("memory.oom_control")]
    public void Unknown_lines_in_a_real_file_leave_the_known_values_as_they_were(string parser)
    {
        ProcFileMutations.WithLineInserted(ProcParsers.Corpus(parser), ProcParsers.UnknownLine(parser)).Sample(
            pair =>
            {
                var known = ProcParsers.Parse(parser, pair.Original);
                var withUnknown = ProcParsers.Parse(parser, pair.Changed);
                Assert.NotNull(known);
                Assert.NotNull(withUnknown);
                Assert.Empty(known.Except(withUnknown));
            },
            iter: Iterations,
            print: ProcFileMutations.Show);
    }

    [Theory]
    [InlineData("meminfo")]
    [InlineData("vmstat")]
    [InlineData("pressure")]
    [InlineData("buddyinfo")]
    [InlineData("status")]
    [InlineData("smaps_rollup")]
    [InlineData("cgroup")]
    [InlineData("memory.stat v2")]
    [InlineData("memory.stat v1")]
    [InlineData("memory.events")]
    [InlineData("memory.oom_control")]
    public void Reordered_lines_of_a_real_file_give_the_same_values(string parser)
    {
        ProcFileMutations.WithLinesShuffled(ProcParsers.Corpus(parser)).Sample(
            pair => Assert.Equal(ProcParsers.Parse(parser, pair.Original)?.Order(), ProcParsers.Parse(parser, pair.Changed)?.Order()),
            iter: Iterations,
            print: ProcFileMutations.Show);
    }

    [Fact]
    public void Any_comm_leaves_the_other_stat_fields_as_they_were_and_is_returned_whole()
    {
        var text = File.ReadAllText(Fixture.PathOf("real/self-stat"));
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        Assert.True(ProcessStatParser.TryParse(Encoding.Latin1.GetBytes(text), out var expected));

        // The kernel copies a comm byte for byte (prctl PR_SET_NAME): parentheses, spaces and newlines included.
        Gen.Byte.Array[0, 64].Sample(
            comm =>
            {
                var renamed = Encoding.Latin1.GetBytes(text[..(open + 1)]).Concat(comm).Concat(Encoding.Latin1.GetBytes(text[close..])).ToArray();
                Assert.True(ProcessStatParser.TryParse(renamed, out var stat));
                Assert.Equal(comm, renamed.AsSpan(stat.CommStart, stat.CommLength).ToArray());
                Assert.Equal(expected with { CommLength = comm.Length }, stat);
            },
            iter: Iterations,
            print: ProcFileMutations.Show);
    }

    private static void ParsesOrFailsCleanly(string parser, byte[] text)
    {
        try
        {
            ProcParsers.Parse(parser, text);
        }
        catch (ParseException)
        {
            // The readers count it as a malformed file and carry on.
        }
    }
}
