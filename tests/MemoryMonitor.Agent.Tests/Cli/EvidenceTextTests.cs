using MemoryMonitor.Analysis.Health;
using MemoryMonitor.Cli.Reports;

namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>How `memmon optimize` renders the evidence Analysis leaves unformatted.</summary>
public sealed class EvidenceTextTests
{
    [Fact]
    public void A_leak_suspects_evidence_reads_in_iec_units_with_its_optional_clause()
    {
        // The sentence SuggestionEngine writes for a leak suspect growing 1 MiB/s with 30 minutes left.
        FormattableString exhaustion = $", its limit is reached in about {new SecondCount(1800)}";
        FormattableString evidence = $"leak risk {0.93:0.00}, resident {new ByteCount(300_000 * 1024.0)} growing {new ByteCount(3600.0 * (1 << 20))}/h ({"growing"}){exhaustion}";

        Assert.Equal("leak risk 0.93, resident 293 MiB growing 3.5 GiB/h (growing), its limit is reached in about 30 min", EvidenceText.Render(evidence));
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(1800, "30 min")]
    [InlineData(5400, "1.5 h")]
    [InlineData(3 * 86400, "3 d")]
    [InlineData(1e15, "11574074074.1 d")]
    public void A_length_of_time_is_shown_in_the_largest_unit_it_fills(double seconds, string expected) =>
        Assert.Equal($"in about {expected}", EvidenceText.Render($"in about {new SecondCount(seconds)}"));

    [Fact]
    public void Bytes_are_rendered_by_the_same_formatter_as_the_monitor_view()
    {
        Assert.Equal("3.0% of memory available (468.8 MiB of 15.3 GiB)", EvidenceText.Render($"{0.03 * 100:0.0}% of memory available ({new ByteCount(480_000 * 1024.0)} of {new ByteCount(16_000_000 * 1024.0)})"));
        Assert.Equal("swap free -, PSS 512 B", EvidenceText.Render($"swap free {new ByteCount(double.NaN)}{(FormattableString)$", PSS {new ByteCount(512)}"}"));
    }
}
