using MemoryMonitor.Agent.Configuration;

namespace MemoryMonitor.Agent.Tests.Configuration;

/// <summary>Help prints durations with Duration.Format, so what it prints must read back as the same duration.</summary>
public sealed class DurationFormatTests
{
    [Theory]
    [InlineData(15_000, "15s")]
    [InlineData(60_000, "1m")]
    [InlineData(90_000, "1m30s")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(500, "500ms")]
    [InlineData(3_600_000, "1h")]
    [InlineData(86_400_000, "1d")]
    [InlineData(0, "0")]
    public void Durations_print_in_the_units_they_are_typed_in(long milliseconds, string expected)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        Assert.Equal(expected, Duration.Format(value));
        Assert.True(Duration.TryParse(expected, out var back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void A_duration_beyond_what_a_TimeSpan_holds_is_not_a_duration()
    {
        Assert.False(Duration.TryParse("99999999999d", out _));
    }
}
