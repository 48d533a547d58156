using System.Diagnostics.Metrics;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Export.Instruments;

/// <summary>
/// Observable instruments over the latest system reading. Callbacks run at scrape/export time and read
/// the snapshot the sampler last published, so a scrape never touches /proc.
/// </summary>
public sealed class SystemInstruments
{
    private volatile SystemMemorySnapshot? _latest;

    public SystemInstruments(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge(MetricNames.SystemMemory, ObserveMemory, "By", "System memory by state, from /proc/meminfo.");
        meter.CreateObservableGauge(MetricNames.SystemMeminfo, () => ObserveMeminfo(bytes: true), "By", "Every kB field of /proc/meminfo, by field name.");
        meter.CreateObservableGauge(MetricNames.SystemHugepages, () => ObserveMeminfo(bytes: false), "{page}", "The HugePages_* counts of /proc/meminfo.");
        meter.CreateObservableGauge(MetricNames.SystemSwap, ObserveSwap, "By", "Swap space by state, from /proc/meminfo.");
        meter.CreateObservableCounter(MetricNames.SystemPressure, ObservePressureTotals, "s", "Time tasks stalled waiting for memory (PSI), from /proc/pressure/memory.");
        meter.CreateObservableGauge(MetricNames.SystemPressureAverage, ObservePressureAverages, "1", "Share of wall time stalled on memory over 10 s, 60 s and 300 s (PSI averages).");
        meter.CreateObservableCounter(MetricNames.SystemPageFaults, ObservePageFaults, "{fault}", "Page faults by type, from /proc/vmstat.");
        meter.CreateObservableCounter(MetricNames.SystemOomKills, ObserveOomKills, "{kill}", "Processes killed by the kernel OOM killer, from /proc/vmstat.");
        meter.CreateObservableCounter(MetricNames.SystemSwapPages, ObserveSwapPages, "{page}", "Pages swapped in and out, from /proc/vmstat.");
        meter.CreateObservableCounter(MetricNames.SystemCompaction, ObserveCompaction, "{event}", "Memory compaction stalls, failures and successes, from /proc/vmstat.");
        meter.CreateObservableGauge(MetricNames.SystemFragmentation, ObserveFragmentation, "1", "Unusable free space index per zone for the configured order, from /proc/buddyinfo.");
    }

    public void Publish(SystemMemorySnapshot snapshot) => _latest = snapshot;

    private List<Measurement<long>> ObserveMemory()
    {
        var result = new List<Measurement<long>>(12);
        var latest = _latest;
        if (latest?.Meminfo is not { } m)
        {
            return result;
        }

        var free = m.Get("MemFree");
        var buffers = m.Get("Buffers");
        var cached = m.Get("Cached");
        Add(result, "total", latest.TotalBytes);
        Add(result, "available", latest.AvailableBytes);
        Add(result, "used", latest.UsedBytes);
        Add(result, "free", free);
        Add(result, "buffers", buffers);
        Add(result, "cached", cached);
        Add(result, "shared", m.Get("Shmem"));
        Add(result, "slab_reclaimable", m.Get("SReclaimable"));
        Add(result, "slab_unreclaimable", m.Get("SUnreclaim"));
        Add(result, "anon", m.Get("AnonPages"));
        Add(result, "dirty", m.Get("Dirty"));
        Add(result, "page_tables", m.Get("PageTables"));
        return result;

        static void Add(List<Measurement<long>> list, string state, long value)
        {
            if (value >= 0)
            {
                list.Add(new Measurement<long>(value, new KeyValuePair<string, object?>("state", state)));
            }
        }
    }

    private List<Measurement<long>> ObserveMeminfo(bool bytes)
    {
        var result = new List<Measurement<long>>(64);
        if (_latest?.Meminfo is { } m)
        {
            foreach (var field in m.Fields)
            {
                if (field.IsBytes == bytes)
                {
                    result.Add(new Measurement<long>(field.Value, new KeyValuePair<string, object?>("field", field.Name)));
                }
            }
        }

        return result;
    }

    private List<Measurement<long>> ObserveSwap()
    {
        var result = new List<Measurement<long>>(3);
        if (_latest is { Meminfo: { } m } latest && m.Get("SwapTotal") >= 0 && m.Get("SwapFree") >= 0)
        {
            result.Add(new Measurement<long>(latest.SwapTotalBytes, new KeyValuePair<string, object?>("state", "total")));
            result.Add(new Measurement<long>(latest.SwapUsedBytes, new KeyValuePair<string, object?>("state", "used")));
            result.Add(new Measurement<long>(latest.SwapFreeBytes, new KeyValuePair<string, object?>("state", "free")));
            if (m.Get("SwapCached") is var cached && cached >= 0)
            {
                result.Add(new Measurement<long>(cached, new KeyValuePair<string, object?>("state", "cached")));
            }
        }

        return result;
    }

    private IEnumerable<Measurement<double>> ObservePressureTotals()
    {
        if (_latest?.Pressure is not { } p)
        {
            return [];
        }

        return
        [
            new(p.SomeTotalMicroseconds / 1e6, new KeyValuePair<string, object?>("kind", "some")),
            new(p.FullTotalMicroseconds / 1e6, new KeyValuePair<string, object?>("kind", "full")),
        ];
    }

    private IEnumerable<Measurement<double>> ObservePressureAverages()
    {
        if (_latest?.Pressure is not { } p)
        {
            return [];
        }

        return
        [
            Average(p.SomeAvg10, "some", "10s"), Average(p.SomeAvg60, "some", "60s"), Average(p.SomeAvg300, "some", "300s"),
            Average(p.FullAvg10, "full", "10s"), Average(p.FullAvg60, "full", "60s"), Average(p.FullAvg300, "full", "300s"),
        ];

        // The kernel prints percentages; the metric is a 0..1 ratio.
        static Measurement<double> Average(double percent, string kind, string window) =>
            new(percent / 100, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("window", window));
    }

    private IEnumerable<Measurement<long>> ObservePageFaults()
    {
        if (_latest?.Vmstat is not { } v)
        {
            return [];
        }

        return
        [
            new(v.MinorPageFaults, new KeyValuePair<string, object?>("type", "minor")),
            new(v.MajorPageFaults, new KeyValuePair<string, object?>("type", "major")),
        ];
    }

    private IEnumerable<Measurement<long>> ObserveOomKills() =>
        _latest?.Vmstat is { OomKills: >= 0 } v ? [new(v.OomKills)] : [];

    private IEnumerable<Measurement<long>> ObserveSwapPages()
    {
        if (_latest?.Vmstat is not { SwapInPages: >= 0, SwapOutPages: >= 0 } v)
        {
            return [];
        }

        return
        [
            new(v.SwapInPages, new KeyValuePair<string, object?>("direction", "in")),
            new(v.SwapOutPages, new KeyValuePair<string, object?>("direction", "out")),
        ];
    }

    private IEnumerable<Measurement<long>> ObserveCompaction()
    {
        if (_latest?.Vmstat is not { CompactStalls: >= 0, CompactFailures: >= 0, CompactSuccesses: >= 0 } v)
        {
            return [];
        }

        return
        [
            new(v.CompactStalls, new KeyValuePair<string, object?>("result", "stall")),
            new(v.CompactFailures, new KeyValuePair<string, object?>("result", "fail")),
            new(v.CompactSuccesses, new KeyValuePair<string, object?>("result", "success")),
        ];
    }

    private List<Measurement<double>> ObserveFragmentation()
    {
        var result = new List<Measurement<double>>();
        if (_latest is not { } latest)
        {
            return result;
        }

        foreach (var zone in latest.Zones)
        {
            result.Add(new Measurement<double>(
                latest.UnusableIndex(zone),
                new KeyValuePair<string, object?>("node", zone.Node.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new KeyValuePair<string, object?>("zone", zone.Zone)));
        }

        return result;
    }
}
