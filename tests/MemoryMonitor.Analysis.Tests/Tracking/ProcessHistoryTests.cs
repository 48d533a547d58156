using MemoryMonitor.Analysis.Tracking;

namespace MemoryMonitor.Analysis.Tests.Tracking;

/// <summary>The compact ring gives back, as doubles, what went in: exactly for what /proc reports, closely for the rest.</summary>
public sealed class ProcessHistoryTests
{
    [Fact]
    public void Page_sized_figures_and_millisecond_times_come_back_exactly_after_the_ring_wraps()
    {
        var history = new ProcessHistory(16);
        var window = new HistoryWindow(16);
        for (var i = 0; i < 40; i++)
        {
            history.Add(Sample(i));
        }

        history.CopyTo(window);

        Assert.Equal(16, window.Count);
        for (var k = 0; k < 16; k++)
        {
            var expected = Sample(24 + k);
            Assert.Equal(expected.Seconds, window.SecondsSpan[k]);
            Assert.Equal(expected.ResidentBytes, window.ResidentSpan[k]);
            Assert.Equal(expected.AnonBytes, window.AnonBytes[k]);
            Assert.Equal(expected.FileBytes, window.FileBytes[k]);
            Assert.Equal(expected.MinorFaults, window.MinorFaults[k]);
            Assert.Equal(expected.MajorFaults, window.MajorFaults[k]);
        }
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(10, 0)]
    [InlineData(16, 5)]
    [InlineData(40, 9)]
    [InlineData(40, 30)]
    public void A_history_that_has_not_moved_gives_back_the_same_samples_before_and_after_it_moves(int flat, int moving)
    {
        var history = new ProcessHistory(16);
        var window = new HistoryWindow(16);
        var resident = new HistoryWindow(16);
        var added = new List<HistorySample>();
        for (var i = 0; i < flat + moving; i++)
        {
            // Uneven ticks while flat; then sizes and faults move.
            var sample = i < flat
                ? new HistorySample(100 + (i * 15.0) + (i % 3 * 0.25), 8192 * 10, 4096 * 3, 4096 * 7, 1 << 30, 4_999_000_000, 2)
                : Sample(i);
            history.Add(sample);
            added.Add(sample);
            Assert.Equal(i >= flat, history.HasMoved);

            history.CopyTo(window);
            history.CopyResidentTo(resident);
            var expected = added.TakeLast(16).ToList();
            Assert.Equal(expected.Count, window.Count);
            for (var k = 0; k < expected.Count; k++)
            {
                Assert.Equal(expected[k].Seconds, window.SecondsSpan[k], 0.0005);
                Assert.Equal(expected[k].Seconds, resident.SecondsSpan[k], 0.0005);
                Assert.Equal(expected[k].ResidentBytes, window.ResidentSpan[k]);
                Assert.Equal(expected[k].ResidentBytes, resident.ResidentSpan[k]);
                Assert.Equal(expected[k].AnonBytes, window.AnonBytes[k]);
                Assert.Equal(expected[k].FileBytes, window.FileBytes[k]);
                Assert.Equal(expected[k].VirtualBytes, window.VirtualBytes[k]);
                // Fault counters step from the first sample's, which may be far from 0.
                Assert.Equal(expected[k].MinorFaults - expected[0].MinorFaults, window.MinorFaults[k] - window.MinorFaults[0]);
            }
        }
    }

    [Fact]
    public void The_resident_copy_gives_the_same_times_and_sizes_as_the_whole_copy()
    {
        var history = new ProcessHistory(16);
        var whole = new HistoryWindow(16);
        var resident = new HistoryWindow(16);
        for (var i = 0; i < 21; i++)
        {
            history.Add(Sample(i));
        }

        history.CopyTo(whole);
        history.CopyResidentTo(resident);

        Assert.Equal(whole.SecondsSpan.ToArray(), resident.SecondsSpan.ToArray());
        Assert.Equal(whole.ResidentSpan.ToArray(), resident.ResidentSpan.ToArray());
    }

    [Fact]
    public void Times_rounded_to_the_millisecond_do_not_drift_over_the_window()
    {
        // 15.0004 s steps round to 15 ms-steps each time; rebuilt from the rounded newest, the error stays under 0.5 ms.
        var history = new ProcessHistory(240);
        var window = new HistoryWindow(240);
        for (var i = 0; i < 240; i++)
        {
            history.Add(new HistorySample(1000 + (i * 15.0004), 4096, 0, 0, 1e6, 0, 0));
        }

        history.CopyTo(window);

        for (var k = 0; k < 240; k++)
        {
            Assert.Equal(1000 + (k * 15.0004), window.SecondsSpan[k], 0.0005);
        }
    }

    [Fact]
    public void Unknown_sizes_stay_unknown_and_huge_virtual_sizes_keep_seven_digits()
    {
        var history = new ProcessHistory(4);
        var window = new HistoryWindow(4);
        const double virtualBytes = 64.0 * (1L << 40) + 12345678;
        history.Add(new HistorySample(0, 8192, -1, -1, virtualBytes, 0, 0));
        history.Add(new HistorySample(1, 8192, -1, -1, -1, 0, 0));

        history.CopyTo(window);

        Assert.Equal(-1, window.AnonBytes[0]);
        Assert.Equal(-1, window.FileBytes[1]);
        Assert.Equal(virtualBytes, window.VirtualBytes[0], virtualBytes * 1e-7);
        Assert.Equal(-1, window.VirtualBytes[1]);
    }

    [Fact]
    public void A_fault_counter_that_goes_backwards_holds_still_and_later_steps_stay_true()
    {
        var history = new ProcessHistory(8);
        var window = new HistoryWindow(8);
        double[] minor = [100, 150, 40, 90];
        for (var i = 0; i < minor.Length; i++)
        {
            history.Add(new HistorySample(i, 4096, 0, 0, 0, minor[i], 0));
        }

        history.CopyTo(window);

        Assert.Equal(new double[] { 100, 150, 150, 200 }, window.MinorFaults[..4]);
    }

    [Fact]
    public void Sizes_off_the_page_round_to_the_nearest_page()
    {
        var history = new ProcessHistory(2);
        var window = new HistoryWindow(2);
        history.Add(new HistorySample(0, (10 * 4096) + 2047, (10 * 4096) + 2049, 0, 0, 0, 0));

        history.CopyTo(window);

        Assert.Equal(10 * 4096, window.ResidentSpan[0]);
        Assert.Equal(11 * 4096, window.AnonBytes[0]);
    }

    [Fact]
    public void A_history_holds_half_the_bytes_of_seven_double_series()
    {
        Assert.Equal(28 * 240, ProcessHistory.BytesFor(240) - ProcessHistory.BytesFor(0));
        Assert.True(ProcessHistory.BytesFor(240) < 7 * 8 * 240 / 2 + 200);
    }

    private static HistorySample Sample(int i) => new(
        Seconds: 3600 + (i * 15.25),
        ResidentBytes: (1000 + (i * 37)) * 4096.0,
        AnonBytes: (600 + (i * 30)) * 4096.0,
        FileBytes: (400 + (i * 7)) * 4096.0,
        VirtualBytes: 1 << 30,
        MinorFaults: 5_000_000_000 + (i * 1234),
        MajorFaults: i * 3);
}
