using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.Sweeps;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// Writes the selected processes, folded groups and containers into the rows of the per-process families after
/// each sweep. A process's row goes when the sweep reports it exited or when it leaves the selection (folded into
/// its group), a container's when the sweep reports it gone, and a group's when it has no members left, so the
/// rows are only the live ones however many processes have come and gone.
/// </summary>
public sealed class ProcessSeriesPublisher
{
    private static readonly int CommLabel = Array.IndexOf(ProcessFamilyTable.ProcessLabels, "comm");

    private readonly Dictionary<ProcessRecord, SeriesRow<RowValues>> _individual = [];
    private readonly Dictionary<ProcessGroupKey, GroupRow> _groups = [];
    private readonly Dictionary<ProcessRecord, (long Minor, long Major)> _foldedFaults = [];
    private readonly Dictionary<ContainerCgroup, SeriesRow<ContainerValues>> _containers = [];
    private readonly Dictionary<ContainerCgroup, ContainerJudgement> _containerJudgements = [];
    private readonly List<ProcessGroupKey> _emptyGroups = [];
    private volatile PublishedSeries _published = PublishedSeries.Empty;

    /// <summary>The rows of the last publish, replaced whole each time so readers on other threads see a consistent set.</summary>
    internal PublishedSeries Published => _published;

    /// <param name="selection">The processes to publish, individually or folded.</param>
    /// <param name="containers">
    /// The analysis' judgements of the sweep's containers. Every container of the sweep is published; one the list
    /// lacks (not judged yet, or an engine that judges none) has its judgement families absent.
    /// </param>
    /// <param name="sweep">The sweep the selection and judgements came from: its live and exited containers.</param>
    public void Publish(ProcessSelection selection, IReadOnlyList<JudgedContainer> containers, Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(containers);
        ArgumentNullException.ThrowIfNull(sweep);
        ForgetExited(sweep);
        var processes = new List<PublishedRow<RowValues>>(selection.Individual.Count + _groups.Count);
        var groups = new List<PublishedRow<RowValues>>(_groups.Count);
        var publishedContainers = new List<PublishedRow<ContainerValues>>(sweep.Containers.Count);
        PublishIndividuals(selection.Individual, processes);
        PublishGroups(selection.Folded, processes, groups);
        PublishContainers(sweep.Containers, containers, publishedContainers);
        _published = new PublishedSeries(processes, groups, publishedContainers);
    }

    private void ForgetExited(Sweep sweep)
    {
        foreach (var process in sweep.Exited)
        {
            _individual.Remove(process);
            _foldedFaults.Remove(process);
        }

        foreach (var container in sweep.ExitedContainers)
        {
            _containers.Remove(container);
        }
    }

    private void PublishIndividuals(List<JudgedProcess> processes, List<PublishedRow<RowValues>> published)
    {
        foreach (var judged in processes)
        {
            var process = judged.Process;
            var names = NamesOf(process);
            if (!_individual.TryGetValue(process, out var row) || !ReferenceEquals(row.RowLabels[CommLabel], process.Comm) || !HasNames(row, names))
            {
                row = new SeriesRow<RowValues>(ProcessFamilyTable.Process, [process.PidLabel, process.Comm, ContainerId(process), PodUid(process), names.Namespace, names.Pod, names.Container], [process.Executable, process.User]);
                _individual[process] = row;
            }

            // Its group counts only the faults of members while they are members.
            _foldedFaults.Remove(process);
            var values = ValuesOf(judged);
            row.Write(values);
            published.Add(new(row, values));
        }
    }

    private void PublishGroups(List<JudgedProcess> folded, List<PublishedRow<RowValues>> processes, List<PublishedRow<RowValues>> groups)
    {
        foreach (var group in _groups.Values)
        {
            group.Values = RowValues.Unknown;
        }

        foreach (var judged in folded)
        {
            var process = judged.Process;
            // Left the top N (if it was in): its own series go, its memory now counts in its group.
            _individual.Remove(process);

            var key = new ProcessGroupKey(process.Comm, ContainerId(process), PodUid(process), NamesOf(process));
            if (!_groups.TryGetValue(key, out var group))
            {
                group = new GroupRow(
                    new SeriesRow<RowValues>(ProcessFamilyTable.Process, [string.Empty, key.Comm, .. key.ContainerLabelValues]),
                    new SeriesRow<RowValues>(ProcessFamilyTable.Group, [key.Comm, .. key.ContainerLabelValues]));
                group.Values = RowValues.Unknown;
                _groups[key] = group;
            }

            // A group's fault counter grows by what its members fault while they are members, so it only
            // rises (a counter) even as members come and go.
            _foldedFaults.TryGetValue(process, out var seen);
            group.MinorFaults += Math.Max(0, process.MinorFaults - seen.Minor);
            group.MajorFaults += Math.Max(0, process.MajorFaults - seen.Major);
            _foldedFaults[process] = (process.MinorFaults, process.MajorFaults);

            group.Values.Members++;
            group.Values.Add(ValuesFromCollection(process));
        }

        _emptyGroups.Clear();
        foreach (var (key, group) in _groups)
        {
            if (group.Values.Members == 0)
            {
                _emptyGroups.Add(key);
                continue;
            }

            group.Values.MinorFaults = group.MinorFaults;
            group.Values.MajorFaults = group.MajorFaults;
            group.Values.StartTimeSeconds = -1;
            group.Row.Write(group.Values);
            group.MembersRow.Write(group.Values);
            processes.Add(new(group.Row, group.Values));
            groups.Add(new(group.MembersRow, group.Values));
        }

        foreach (var key in _emptyGroups)
        {
            _groups.Remove(key);
        }
    }

    private void PublishContainers(IReadOnlyList<ContainerCgroup> containers, IReadOnlyList<JudgedContainer> judged, List<PublishedRow<ContainerValues>> published)
    {
        // The sweep says which containers live; the list only lends them judgements, so a judgement of a
        // container the sweep no longer has cannot bring back series ForgetExited removed. The map is reused
        // (and indexed, not enumerated, through the interface) so a publish allocates no more than before.
        for (var i = 0; i < judged.Count; i++)
        {
            _containerJudgements[judged[i].Container] = judged[i].Judgement;
        }

        foreach (var container in containers)
        {
            if (!_containers.TryGetValue(container, out var row) || !HasNames(row, container.Names))
            {
                var names = container.Names;
                row = new SeriesRow<ContainerValues>(ProcessFamilyTable.Container, [container.Identity.ContainerId, container.Identity.PodUid, names.Namespace, names.Pod, names.Container]);
                _containers[container] = row;
            }

            var values = ContainerValues.Of(container, _containerJudgements.GetValueOrDefault(container));
            row.Write(values);
            published.Add(new(row, values));
        }

        _containerJudgements.Clear();
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

    private static KubernetesNames NamesOf(ProcessRecord p) => p.Container?.Names ?? KubernetesNames.None;

    /// <summary>A row's last three labels are namespace, pod and container in every family: true when they still hold.</summary>
    private static bool HasNames<T>(SeriesRow<T> row, KubernetesNames names)
    {
        var labels = row.RowLabels;
        return labels[^3] == names.Namespace && labels[^2] == names.Pod && labels[^1] == names.Container;
    }

    private static string ContainerId(ProcessRecord p) => p.Container?.Identity.ContainerId ?? string.Empty;

    private static string PodUid(ProcessRecord p) => p.Container?.Identity.PodUid ?? string.Empty;

    /// <summary>A folded group: its row of the per-process families (empty pid) and its row of the group families.</summary>
    private sealed class GroupRow(SeriesRow<RowValues> row, SeriesRow<RowValues> membersRow)
    {
        public SeriesRow<RowValues> Row { get; } = row;

        public SeriesRow<RowValues> MembersRow { get; } = membersRow;

        public RowValues Values;

        public double MinorFaults { get; set; }

        public double MajorFaults { get; set; }
    }
}
