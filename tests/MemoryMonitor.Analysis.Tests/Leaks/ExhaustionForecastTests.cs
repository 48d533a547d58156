using MemoryMonitor.Collection;
using MemoryMonitor.Analysis.Leaks;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.SystemMemory;
using static MemoryMonitor.Analysis.Tests.Leaks.SyntheticSeries;

namespace MemoryMonitor.Analysis.Tests.Leaks;

public sealed class ExhaustionForecastTests : IDisposable
{
    private readonly string _procRoot = Directory.CreateTempSubdirectory("memmon-meminfo-").FullName;

    [Fact]
    public void System_headroom_is_mem_available_plus_swap_free()
    {
        var meminfo = ReadMeminfo(totalKb: 8_000_000, availableKb: 3_000_000, swapFreeKb: 1_000_000);

        Assert.Equal(4_000_000 * 1024.0, ExhaustionForecast.SystemHeadroomBytes(meminfo));
        Assert.Equal(5_000_000 * 1024.0, meminfo.UsedBytes);
    }

    [Fact]
    public void Before_linux_3_14_the_headroom_uses_the_free_buffers_and_cache_estimate()
    {
        File.WriteAllText(
            Path.Combine(_procRoot, "meminfo"),
            "MemTotal:       8000000 kB\nMemFree:        1000000 kB\nBuffers:         500000 kB\nCached:         1500000 kB\nSwapTotal:      1000000 kB\nSwapFree:       1000000 kB\n");
        var system = new SystemMemoryReader(new CollectionSettings { ProcRoot = _procRoot }, TimeProvider.System, new ReadErrorCounters()).Read();

        Assert.Equal(4_000_000 * 1024.0, ExhaustionForecast.SystemHeadroomBytes(system));
        Assert.Equal(5_000_000 * 1024.0, system.UsedBytes);
    }

    [Fact]
    public void System_forecast_of_growing_used_memory_runs_out_at_headroom_over_growth()
    {
        // Used memory climbs 60 MB/min; 4,000,000 kB of headroom lasts 3906.25 MB / 60 MB/min = 3906.25 s.
        var meminfo = ReadMeminfo(totalKb: 8_000_000, availableKb: 3_000_000, swapFreeKb: 1_000_000);
        var (x, y) = Make(300, 1, Linear(4000, 60));

        var forecast = ExhaustionForecast.ForSystem(x, y, meminfo);

        Assert.Equal(LeakPattern.Growing, forecast.Pattern);
        Assert.Equal(3906.25, forecast.ExhaustionSeconds!.Value, 3906.25 * 0.001);
    }

    [Fact]
    public void The_binding_headroom_is_the_smaller_of_container_and_system()
    {
        Assert.Equal(10, ExhaustionForecast.BindingHeadroomBytes(10, 50));
        Assert.Equal(10, ExhaustionForecast.BindingHeadroomBytes(80, 10));
        Assert.Equal(80, ExhaustionForecast.BindingHeadroomBytes(80, null));
        Assert.Null(ExhaustionForecast.BindingHeadroomBytes(null, null));
        Assert.Equal(0, ExhaustionForecast.ContainerHeadroomBytes(limitBytes: 100, committedBytes: 130));
        Assert.Equal(28, ExhaustionForecast.ContainerHeadroomBytes(limitBytes: 128, committedBytes: 100));
    }

    public void Dispose() => Directory.Delete(_procRoot, recursive: true);

    private SystemMemorySnapshot ReadMeminfo(long totalKb, long availableKb, long swapFreeKb)
    {
        File.WriteAllText(
            Path.Combine(_procRoot, "meminfo"),
            $"MemTotal:       {totalKb} kB\nMemFree:        {availableKb / 2} kB\nMemAvailable:   {availableKb} kB\nSwapTotal:      {swapFreeKb} kB\nSwapFree:       {swapFreeKb} kB\n");
        var snapshot = new SystemMemoryReader(new CollectionSettings { ProcRoot = _procRoot }, TimeProvider.System, new ReadErrorCounters()).Read();
        return snapshot.Meminfo is null ? throw new InvalidOperationException("meminfo fixture did not parse") : snapshot;
    }
}
