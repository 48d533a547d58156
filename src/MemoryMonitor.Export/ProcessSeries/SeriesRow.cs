namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>One row of the per-process families (a process, or a folded group), with its label values built once.</summary>
internal sealed class SeriesRow
{
    private readonly string[] _labels;
    private readonly string[] _anon;
    private readonly string[] _file;
    private readonly string[] _shmem;
    private readonly string[] _minor;
    private readonly string[] _major;
    private readonly string[]? _info;

    public SeriesRow(string pid, string comm, string containerId, string podUid, string? executable, string? user)
    {
        _labels = [pid, comm, containerId, podUid];
        _anon = [.. _labels, "anon"];
        _file = [.. _labels, "file"];
        _shmem = [.. _labels, "shmem"];
        _minor = [.. _labels, "minor"];
        _major = [.. _labels, "major"];
        _info = executable is null ? null : [.. _labels, executable, user ?? string.Empty];
        Tags = [new("pid", pid), new("comm", comm), new("container_id", containerId), new("pod_uid", podUid)];
    }

    /// <summary>The same labels as OpenTelemetry tags.</summary>
    public KeyValuePair<string, object?>[] Tags { get; }

    public string Comm => _labels[1];

    public void Write(ProcessFamilies families, in RowValues values)
    {
        Set(families.Resident, _labels, values.Resident);
        Set(families.ResidentKind, _anon, values.Anon);
        Set(families.ResidentKind, _file, values.File);
        Set(families.ResidentKind, _shmem, values.Shmem);
        Set(families.Proportional, _labels, values.Proportional);
        Set(families.Unique, _labels, values.Unique);
        Set(families.Swap, _labels, values.Swap);
        Set(families.Virtual, _labels, values.Virtual);
        Set(families.Threads, _labels, values.Threads);
        Judged(families.AnomalyScore, values.AnomalyScore);
        Judged(families.LeakRisk, values.LeakRisk);
        Judged(families.Growth, values.GrowthBytesPerSecond);
        Judged(families.Exhaustion, values.ExhaustionSeconds);
        Judged(families.DnaDrift, values.DnaDrift);
        families.PageFaults.WithLabels(_minor).IncTo(values.MinorFaults);
        families.PageFaults.WithLabels(_major).IncTo(values.MajorFaults);
        if (values.StartTimeSeconds >= 0)
        {
            families.StartTime.WithLabels(_labels).Set(values.StartTimeSeconds);
        }

        if (_info is not null)
        {
            families.Info.WithLabels(_info).Set(1);
        }
    }

    public void Remove(ProcessFamilies families)
    {
        families.Resident.RemoveLabelled(_labels);
        families.ResidentKind.RemoveLabelled(_anon);
        families.ResidentKind.RemoveLabelled(_file);
        families.ResidentKind.RemoveLabelled(_shmem);
        families.Proportional.RemoveLabelled(_labels);
        families.Unique.RemoveLabelled(_labels);
        families.Swap.RemoveLabelled(_labels);
        families.Virtual.RemoveLabelled(_labels);
        families.Threads.RemoveLabelled(_labels);
        families.PageFaults.RemoveLabelled(_minor);
        families.PageFaults.RemoveLabelled(_major);
        families.StartTime.RemoveLabelled(_labels);
        families.AnomalyScore.RemoveLabelled(_labels);
        families.LeakRisk.RemoveLabelled(_labels);
        families.Growth.RemoveLabelled(_labels);
        families.Exhaustion.RemoveLabelled(_labels);
        families.DnaDrift.RemoveLabelled(_labels);
        if (_info is not null)
        {
            families.Info.RemoveLabelled(_info);
        }
    }

    /// <summary>A judgement not (or no longer) available is removed rather than left at a stale value.</summary>
    private void Judged(Prometheus.Gauge family, double value)
    {
        if (double.IsNaN(value))
        {
            family.RemoveLabelled(_labels);
        }
        else
        {
            family.WithLabels(_labels).Set(value);
        }
    }

    private static void Set(Prometheus.Gauge family, string[] labels, long value)
    {
        if (value >= 0)
        {
            family.WithLabels(labels).Set(value);
        }
    }
}
