using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Processes;
using Prometheus;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Writes the selected processes, folded groups and containers into the per-process families after each
/// sweep, and removes the series of processes that exited or left the selection, so the registry holds
/// only live series however many processes have come and gone.
/// </summary>
public sealed class ProcessSeriesPublisher
{
    private readonly ProcessFamilies _families;
    private readonly IProcessJudgements? _judgements;
    private readonly Dictionary<ProcessRecord, SeriesRow> _individual = [];
    private readonly Dictionary<ProcessGroupKey, GroupRow> _groups = [];
    private readonly Dictionary<ProcessRecord, (long Minor, long Major)> _foldedFaults = [];
    private readonly Dictionary<ContainerCgroup, (string[] Labels, long Generation)> _containers = [];
    private readonly List<object> _stale = [];
    private long _generation;
    private volatile IReadOnlyList<PublishedRow> _rows = [];

    /// <param name="judgements">The analysis whose per-process judgements are published beside the memory figures; null for none.</param>
    public ProcessSeriesPublisher(IProcessJudgements? judgements = null)
    {
        _judgements = judgements;
        Registry = Metrics.NewCustomRegistry();
        _families = new ProcessFamilies(Registry);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Series rows currently published (individual processes plus groups), for tests and self-metrics.</summary>
    public int RowCount => _individual.Count + _groups.Count;

    /// <summary>The rows of the last publish, replaced whole each time so readers on other threads see a consistent set.</summary>
    internal IReadOnlyList<PublishedRow> Rows => _rows;

    public void Publish(ProcessSelection selection, IEnumerable<ContainerCgroup> containers)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(containers);
        _generation++;
        PublishIndividuals(selection.Individual);
        PublishGroups(selection.Folded);
        PublishContainers(containers);
        _rows = SnapshotRows();
    }

    private List<PublishedRow> SnapshotRows()
    {
        var rows = new List<PublishedRow>(RowCount);
        foreach (var (process, row) in _individual)
        {
            rows.Add(new PublishedRow(row.Tags, ValuesOf(process)));
        }

        foreach (var group in _groups.Values)
        {
            rows.Add(new PublishedRow(group.Row.Tags, group.Values));
        }

        return rows;
    }

    private void PublishIndividuals(List<ProcessRecord> processes)
    {
        foreach (var process in processes)
        {
            if (!_individual.TryGetValue(process, out var row) || !ReferenceEquals(row.Comm, process.Comm))
            {
                row?.Remove(_families);
                row = new SeriesRow(process.PidLabel, process.Comm, ContainerId(process), PodUid(process), process.Executable, process.User);
                _individual[process] = row;
            }

            row.Generation = _generation;
            var values = ValuesOf(process);
            row.Write(_families, values);
        }

        _stale.Clear();
        foreach (var (process, row) in _individual)
        {
            if (row.Generation != _generation)
            {
                row.Remove(_families);
                _stale.Add(process);
            }
        }

        foreach (ProcessRecord process in _stale)
        {
            _individual.Remove(process);
        }
    }

    private void PublishGroups(List<ProcessRecord> folded)
    {
        foreach (var process in folded)
        {
            var key = new ProcessGroupKey(process.Comm, ContainerId(process), PodUid(process));
            if (!_groups.TryGetValue(key, out var group))
            {
                group = new GroupRow(new SeriesRow(string.Empty, key.Comm, key.ContainerId, key.PodUid, executable: null, user: null));
                _groups[key] = group;
            }

            if (group.Row.Generation != _generation)
            {
                group.Row.Generation = _generation;
                group.Values = RowValues.Unknown;
                group.Members = 0;
            }

            // A group's fault counter grows by what its members fault while they are members, so it only
            // rises (a counter) even as members come and go.
            _foldedFaults.TryGetValue(process, out var seen);
            group.MinorFaults += Math.Max(0, process.MinorFaults - seen.Minor);
            group.MajorFaults += Math.Max(0, process.MajorFaults - seen.Major);
            _foldedFaults[process] = (process.MinorFaults, process.MajorFaults);

            group.Members++;
            group.Values.Add(ValuesOf(process));
        }

        _stale.Clear();
        foreach (var (key, group) in _groups)
        {
            if (group.Row.Generation != _generation)
            {
                group.Row.Remove(_families);
                _families.GroupMembers.RemoveLabelled(key.Comm, key.ContainerId, key.PodUid);
                _stale.Add(key);
                continue;
            }

            group.Values.MinorFaults = group.MinorFaults;
            group.Values.MajorFaults = group.MajorFaults;
            group.Values.StartTimeSeconds = -1;
            group.Row.Write(_families, group.Values);
            _families.GroupMembers.WithLabels(key.Comm, key.ContainerId, key.PodUid).Set(group.Members);
        }

        foreach (ProcessGroupKey key in _stale)
        {
            _groups.Remove(key);
        }

        ForgetFaultsOfNonMembers(folded);
    }

    private void ForgetFaultsOfNonMembers(List<ProcessRecord> folded)
    {
        if (_foldedFaults.Count <= folded.Count)
        {
            return;
        }

        var members = folded.ToHashSet();
        foreach (var process in _foldedFaults.Keys)
        {
            if (!members.Contains(process))
            {
                _foldedFaults.Remove(process);
            }
        }
    }

    private void PublishContainers(IEnumerable<ContainerCgroup> containers)
    {
        foreach (var container in containers)
        {
            if (!_containers.TryGetValue(container, out var entry))
            {
                entry = ([container.Identity.ContainerId, container.Identity.PodUid], 0);
            }

            _containers[container] = (entry.Labels, _generation);
            if (container.UsageBytes >= 0)
            {
                _families.ContainerUsage.WithLabels(entry.Labels).Set(container.UsageBytes);
            }

            if (container.LimitBytes is { } limit)
            {
                _families.ContainerLimit.WithLabels(entry.Labels).Set(limit);
            }
            else
            {
                _families.ContainerLimit.RemoveLabelled(entry.Labels);
            }
        }

        _stale.Clear();
        foreach (var (container, entry) in _containers)
        {
            if (entry.Generation != _generation)
            {
                _families.ContainerUsage.RemoveLabelled(entry.Labels);
                _families.ContainerLimit.RemoveLabelled(entry.Labels);
                _stale.Add(container);
            }
        }

        foreach (ContainerCgroup container in _stale)
        {
            _containers.Remove(container);
        }
    }

    private RowValues ValuesOf(ProcessRecord p)
    {
        var values = ValuesFromCollection(p);
        if (_judgements?.JudgementOf(p) is { } judgement)
        {
            values.AnomalyScore = judgement.AnomalyScore;
            values.LeakRisk = judgement.LeakRisk;
            values.GrowthBytesPerSecond = judgement.GrowthBytesPerSecond;
            values.ExhaustionSeconds = judgement.ExhaustionSeconds ?? double.NaN;
            values.DnaDrift = judgement.DnaDrift;
        }

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
