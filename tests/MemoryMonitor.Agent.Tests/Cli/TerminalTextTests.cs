using System.Globalization;
using System.Text.RegularExpressions;
using MemoryMonitor.Analysis.Anomaly;
using MemoryMonitor.Cli.Monitoring;
using MemoryMonitor.Cli.Reports;

namespace MemoryMonitor.Agent.Tests.Cli;

/// <summary>The text of `detect` and `optimize` sized to the width, and the words a detector's reason is shown in.</summary>
public sealed class TerminalTextTests
{
    private const string Evidence = "resident memory 3.2 robust deviations from its recent median while swap in ran at 12.5 MiB/s and 1023.9 GiB was cached over the last 15 min";

    [Fact]
    public void Wrapping_breaks_between_words_and_keeps_each_number_with_its_unit()
    {
        for (var width = 20; width <= 80; width++)
        {
            var lines = TextFit.Wrap("  " + Evidence, width, 4);

            Assert.All(lines, l => Assert.True(l.Length <= width, $"{l.Length} > {width}: '{l}'"));
            Assert.StartsWith("  resident", lines[0], StringComparison.Ordinal);
            Assert.All(lines.Skip(1), l => Assert.StartsWith("    ", l, StringComparison.Ordinal));
            Assert.Equal(Evidence, string.Join(' ', lines.Select(l => l.Trim())));
            Assert.All(lines, l => Assert.DoesNotMatch(@"\d$", l));
        }
    }

    [Fact]
    public void Wrapping_keeps_the_spaces_that_line_labels_up()
    {
        Assert.Equal(["Anomaly  score 0.99 (unlike its", "         peers)"], TextFit.Wrap("Anomaly  score 0.99 (unlike its peers)", 32, 9));
    }

    [Fact]
    public void A_detect_finding_fits_80_columns_with_its_figures_whole_and_its_reason_below()
    {
        var finding = new DetectFinding(DateTimeOffset.UnixEpoch, "anomaly", 4194303, "a-very-long-process-name", 0.999, 1023.9 * (1L << 30), -1023.9 * (1L << 20) / 60, Evidence);

        var header = DetectTable.Header(80);
        var lines = DetectTable.Lines(finding, 80);

        Assert.All(lines.Append(header), l => Assert.True(l.Length <= 80, $"{l.Length} columns: '{l}'"));
        Assert.Matches(@"^TIME +FINDING +PID NAME +SCORE +RESIDENT +GROWTH$", header);
        Assert.Matches(@"^00:00:00 anomaly 4194303 a-very-long-pro… +1\.00 1023\.9 GiB -1023\.9 MiB/min$", lines[0]);
        Assert.Equal(Evidence, string.Join(' ', lines.Skip(1).Select(l => l.Trim())));
    }

    [Fact]
    public void At_60_columns_detect_drops_growth_before_resident()
    {
        Assert.Matches(@"^TIME +FINDING +PID NAME +SCORE +RESIDENT$", DetectTable.Header(60));
        Assert.Matches(@"^TIME +FINDING +PID NAME +SCORE$", DetectTable.Header(45));
    }

    [Fact]
    public void Optimize_text_fits_80_columns_and_keeps_every_figure_of_the_evidence()
    {
        var report = new OptimizeReport(
            DateTimeOffset.UnixEpoch,
            60,
            71.4,
            [new HealthFactorReport("swap-thrash", 12.5, Evidence)],
            [new SuggestionReport("high", "cache", "Drop 1023.9 GiB of clean page cache held by a-very-long-process-name and its children", Evidence, "DropCaches")],
            []);

        var text = OptimizeText.Format(report, full: true, applied: false, 80);

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: '{l}'"));
        Assert.Equal("Memory health: 71/100", lines[0]);
        Assert.Contains(lines, l => l.Contains("1023.9 GiB", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("12.5 MiB/s", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("      evidence: resident memory", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("      safe action available: DropCaches", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(AnomalyReason.LevelShift), "level shift")]
    [InlineData(nameof(AnomalyReason.SeasonalDeviation), "seasonal deviation")]
    [InlineData(nameof(AnomalyReason.EwmaDeviation), "EWMA deviation")]
    [InlineData("unlike its peers and the recent past (isolation forest)", "unlike its peers and the recent past (isolation forest)")]
    [InlineData("", "")]
    public void A_reason_the_engine_left_as_an_enum_name_is_shown_in_words(string reason, string shown) =>
        Assert.Equal(shown, AnomalyReasonText.Display(reason));

    [Fact]
    public void Every_reason_has_words_in_lower_case_without_its_enum_name()
    {
        foreach (var reason in Enum.GetValues<AnomalyReason>())
        {
            var words = AnomalyReasonText.Words(reason);

            Assert.NotEqual(reason.ToString(), words);
            Assert.Matches(new Regex("^[a-zA-Z -]+$"), words);
            Assert.Equal(words.ToLower(CultureInfo.InvariantCulture).Replace("-", " ", StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal),
                reason.ToString().ToLower(CultureInfo.InvariantCulture));
        }
    }
}
