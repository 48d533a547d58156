using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.Sweeps;
using Prometheus;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Writes the selected processes, folded groups and containers into the per-process families after each
/// sweep. A process's series go when the sweep reports it exited or when it leaves the selection (folded into
/// its group), a container's when the sweep reports it gone, and a group's when it has no members left, so the
/// registry holds only live series however many processes have come and gone.
/// </summary>
public sealed class ProcessSeriesPublisher
{
    private readonly ProcessFamilies _families;
    private readonly Dictionary<ProcessRecord, SeriesRow> _individual = [];
    private readonly Dictionary<ProcessGroupKey, GroupRow> _groups = [];
    private readonly Dictionary<ProcessRecord, (long Minor, long Major)> _foldedFaults = [];
    private readonly Dictionary<ContainerCgroup, string[]> _containers = [];
    private readonly List<ProcessGroupKey> _emptyGroups = [];
    private volatile IReadOnlyList<PublishedRow> _rows = [];

    public ProcessSeriesPublisher()
    {
        Registry = Metrics.NewCustomRegistry();
        _families = new ProcessFamilies(Registry);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The rows of the last publish, replaced whole each time so readers on other threads see a consistent set.</summary>
    internal IReadOnlyList<PublishedRow> Rows => _rows;

    public void Publish(ProcessSelection selection, Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(sweep);
        ForgetExited(sweep);
        var rows = new List<PublishedRow>(selection.Individual.Count + _groups.Count);
        PublishIndividuals(selection.Individual, rows);
        PublishGroups(selection.Folded, rows);
        PublishContainers(sweep.Containers);
        _rows = rows;
    }

    private void ForgetExited(Sweep sweep)
    {
        foreach (var process in sweep.Exited)
        {
            if (_individual.Remove(process, out var row))
            {
                row.Remove(_families);
            }

            _foldedFaults.Remove(process);
        }

        foreach (var container in sweep.ExitedContainers)
        {
            if (_containers.Remove(container, out var labels))
            {
                _families.ContainerUsage.RemoveLabelled(labels);
                _families.ContainerLimit.RemoveLabelled(labels);
            }
        }
    }

    private void PublishIndividuals(List<JudgedProcess> processes, List<PublishedRow> rows)
    {
        foreach (var judged in processes)
        {
            var process = judged.Process;
            if (!_individual.TryGetValue(process, out var row) || !ReferenceEquals(row.Comm, process.Comm))
            {
                row?.Remove(_families);
                row = new SeriesRow(process.PidLabel, process.Comm, ContainerId(process), PodUid(process), process.Executable, process.User);
                _individual[process] = row;
            }

            // Its group counts only the faults of members while they are members.
            _foldedFaults.Remove(process);
            var values = ValuesOf(judged);
            row.Write(_families, values);
            rows.Add(new PublishedRow(row.Tags, values));
        }
    }

    private void PublishGroups(List<JudgedProcess> folded, List<PublishedRow> rows)
    {
        foreach (var group in _groups.Values)
        {
            group.Values = RowValues.Unknown;
            group.Members = 0;
        }

        foreach (var judged in folded)
        {
            var process = judged.Process;
            if (_individual.Remove(process, out var left))
            {
                // Left the top N: its own series go, its memory now counts in its group.
                left.Remove(_families);
            }

            var key = new ProcessGroupKey(process.Comm, ContainerId(process), PodUid(process));
            if (!_groups.TryGetValue(key, out var group))
            {
                group = new GroupRow(new SeriesRow(string.Empty, key.Comm, key.ContainerId, key.PodUid, executable: null, user: null));
                group.Values = RowValues.Unknown;
                _groups[key] = group;
            }

            // A group's fault counter grows by what its members fault while they are members, so it only
            // rises (a counter) even as members come and go.
            _foldedFaults.TryGetValue(process, out var seen);
            group.MinorFaults += Math.Max(0, process.MinorFaults - seen.Minor);
            group.MajorFaults += Math.Max(0, process.MajorFaults - seen.Major);
            _foldedFaults[process] = (process.MinorFaults, process.MajorFaults);

            group.Members++;
            group.Values.Add(ValuesFromCollection(process));
        }

        _emptyGroups.Clear();
        foreach (var (key, group) in _groups)
        {
            if (group.Members == 0)
            {
                group.Row.Remove(_families);
                _families.GroupMembers.RemoveLabelled(key.Comm, key.ContainerId, key.PodUid);
                _emptyGroups.Add(key);
                continue;
            }

            group.Values.MinorFaults = group.MinorFaults;
            group.Values.MajorFaults = group.MajorFaults;
            group.Values.StartTimeSeconds = -1;
            group.Row.Write(_families, group.Values);
            _families.GroupMembers.WithLabels(key.Comm, key.ContainerId, key.PodUid).Set(group.Members);
            rows.Add(new PublishedRow(group.Row.Tags, group.Values));
        }

        foreach (var key in _emptyGroups)
        {
            _groups.Remove(key);
        }
    }

    private void PublishContainers(IReadOnlyList<ContainerCgroup> containers)
    {
        foreach (var container in containers)
        {
            if (!_containers.TryGetValue(container, out var labels))
            {
                labels = [container.Identity.ContainerId, container.Identity.PodUid];
                _containers[container] = labels;
            }

            if (container.UsageBytes >= 0)
            {
                _families.ContainerUsage.WithLabels(labels).Set(container.UsageBytes);
            }

            if (container.LimitBytes is { } limit)
            {
                _families.ContainerLimit.WithLabels(labels).Set(limit);
            }
            else
            {
                _families.ContainerLimit.RemoveLabelled(labels);
            }
        }
    }

    private static RowValues ValuesOf(JudgedProcess judged)
    {
        var values = ValuesFromCollection(judged.Process);
        var judgement = judged.Judgement;
        values.AnomalyScore = judgement.AnomalyScore;
        values.LeakRisk = judgement.LeakRisk;
        values.GrowthBytesPerSecond = judgement.GrowthBytesPerSecond;
        values.ExhaustionSeconds = judgement.ExhaustionSeconds ?? double.NaN;
        values.DnaDrift = judgement.DnaDrift;
        return values;
    }

    private static RowValues ValuesFromCollection(ProcessRecord p) => new()
    {
        Resident = p.ResidentBytes,
        Anon = p.ResidentAnonBytes,
        File = p.ResidentFileBytes,
        Shmem = p.ResidentShmemBytes,
        Proportional = p.ProportionalBytes,
        Unique = p.UniqueBytes,
        Swap = p.SwapBytes,
        Virtual = p.VirtualBytes,
        MinorFaults = p.MinorFaults,
        MajorFaults = p.MajorFaults,
        Threads = p.Threads,
        StartTimeSeconds = p.StartTime.ToUnixTimeMilliseconds() / 1000.0,
        AnomalyScore = double.NaN,
        LeakRisk = double.NaN,
        GrowthBytesPerSecond = double.NaN,
        ExhaustionSeconds = double.NaN,
        DnaDrift = double.NaN,
    };

    private static string ContainerId(ProcessRecord p) => p.Container?.Identity.ContainerId ?? string.Empty;

    private static string PodUid(ProcessRecord p) => p.Container?.Identity.PodUid ?? string.Empty;

    private sealed class GroupRow(SeriesRow row)
    {
        public SeriesRow Row { get; } = row;

        public RowValues Values;

        public int Members { get; set; }

        public double MinorFaults { get; set; }

        public double MajorFaults { get; set; }
    }
}
