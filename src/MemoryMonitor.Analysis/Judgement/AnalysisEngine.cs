using System.Globalization;
using MemoryMonitor.Analysis.Anomaly;
using MemoryMonitor.Analysis.Baselines;
using MemoryMonitor.Analysis.Dna;
using MemoryMonitor.Analysis.Health;
using MemoryMonitor.Analysis.Leaks;
using MemoryMonitor.Analysis.Tracking;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.Sweeps;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>
/// Judges every process and the node once per tick: streaming anomaly scores on each sample, an Isolation
/// Forest across peers and the recent past, leak risk and time to exhaustion, memory DNA and its drift from
/// the baseline learnt for the executable, and the node's health. Runs on the sampler's thread after each sweep.
/// Its output is <see cref="Processes"/>, the judged list that exporters and views read; a process's state is
/// dropped when the sweep reports it exited.
/// </summary>
public sealed class AnalysisEngine
{
    /// <summary>Each pattern's name as a judgement shows it, made once: the leak assessment names one per process every few ticks.</summary>
    private static readonly string[] PatternNames = [.. Enum.GetValues<LeakPattern>().Select(pattern => pattern switch
    {
        LeakPattern.RatchetingSawtooth => "ratcheting sawtooth",
        _ => pattern.ToString().ToLowerInvariant(),
    })];

    private readonly AnalysisSettings _settings;
    private readonly IBaselineStore? _baselines;
    private readonly Dictionary<ProcessRecord, TrackedProcess> _tracked = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ContainerCgroup, TrackedContainer> _trackedContainers = new(ReferenceEqualityComparer.Instance);
    private readonly List<JudgedProcess> _judged = [];
    private readonly List<JudgedContainer> _judgedContainers = [];
    private readonly List<OomKillJudgement> _oomKills = [];
    private readonly Dictionary<int, TrackedProcess> _byPid = [];
    private readonly List<double[]> _forestTraining = [];
    private readonly HistoryWindow _window;
    private readonly PeerForest _forest;
    private readonly double[] _features = new double[ProcessFeatures.Length];
    private readonly ProcessHistory _systemHistory;
    private readonly SeriesAnomalyDetector _systemDetector = new();
    private readonly AnalysisAdmission _admission;
    private readonly FlatSeries _flatResident;
    private AdmissionCandidate[] _candidates = [];
    private bool[] _admitted = [];
    private TimeSpan? _origin;
    private SystemMemorySnapshot? _previousSystem;
    private double _systemGrowth = double.NaN;
    private double? _systemExhaustion;
    private long _tick;
    private int _containersSeen;

    public AnalysisEngine(AnalysisSettings settings, IBaselineStore? baselines)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _baselines = baselines;
        _window = new HistoryWindow(settings.HistoryCapacity);
        _systemHistory = new ProcessHistory(settings.HistoryCapacity);
        _forest = new PeerForest(new Random(settings.Seed));
        _flatResident = new FlatSeries(new AnomalyDetectorOptions { WindowLength = settings.AnomalyWindow });
        // A sampled process stays for a full history: long enough for its leak trend and DNA to be judged.
        _admission = new AnalysisAdmission(settings.MaxAnalysedProcesses, tenureTicks: settings.HistoryCapacity);
    }

    /// <summary>The node's judgement after the last tick.</summary>
    public SystemJudgement System { get; private set; } = SystemJudgement.Unknown;

    /// <summary>
    /// Every live process with its judgement after the last tick, in the sweep's order (reused list: read it on the
    /// analysing thread). A process whose status could not be read yet carries an empty judgement.
    /// </summary>
    public IReadOnlyList<JudgedProcess> Processes => _judged;

    /// <summary>Every live container with its judgement after the last tick (reused list: read it on the analysing thread).</summary>
    public IReadOnlyList<JudgedContainer> Containers => _judgedContainers;

    /// <summary>The OOM kills the kernel logged since the previous tick, attributed and scored (reused list).</summary>
    public IReadOnlyList<OomKillJudgement> OomKills => _oomKills;

    /// <summary>The settings the engine judges by (thresholds that views and reports apply too).</summary>
    public AnalysisSettings Settings => _settings;

    /// <summary>What the node's health was scored from at the last tick; null before the first.</summary>
    public HealthInputs? HealthInputs { get; private set; }

    /// <summary>
    /// Processes analysed at the last tick: those holding history and detector state, at most
    /// <see cref="AnalysisSettings.MaxAnalysedProcesses"/>. The rest of <see cref="Processes"/> carry an empty judgement.
    /// </summary>
    public int AnalysedCount => _tracked.Count;

    /// <summary>
    /// Analysed processes whose sizes or faults have changed since they were first seen: only these hold a full history
    /// ring and a detector (<see cref="ProcessHistory.HasMoved"/>, <see cref="WakingDetector"/>). For benchmarks.
    /// </summary>
    internal int MovedCount => _tracked.Values.Count(tracked => tracked.History.HasMoved);

    /// <summary>Approximate memory the engine holds per tracked process (fixed-size rings).</summary>
    public long BytesPerProcess => TrackedProcess.ApproximateBytes(_settings);

    /// <summary>The memory DNA of a process from its whole history now (for reports), or null with too few samples.</summary>
    public MemoryDna? DnaOf(ProcessRecord process) =>
        process is not null && _tracked.TryGetValue(process, out var tracked) ? ComputeDna(tracked) : null;

    /// <summary>Samples held for a process (reports say how much evidence a judgement rests on).</summary>
    public int SamplesOf(ProcessRecord process) =>
        process is not null && _tracked.TryGetValue(process, out var tracked) ? tracked.History.Count : 0;

    /// <summary>The resident bytes held for a process, oldest first (a view's sparkline); empty when it is not tracked.</summary>
    public double[] ResidentHistoryOf(ProcessRecord process)
    {
        if (process is null || !_tracked.TryGetValue(process, out var tracked))
        {
            return [];
        }

        tracked.History.CopyTo(_window);
        return _window.ResidentSpan.ToArray();
    }

    public void Analyze(Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var system = sweep.System;
        _tick++;
        _origin ??= system.Monotonic;
        var seconds = (system.Monotonic - _origin.Value).TotalSeconds;
        // Kills are scored before the exited are forgotten: a killed process is usually among them.
        JudgeOomKills(sweep, seconds);
        foreach (var exited in sweep.Exited)
        {
            _tracked.Remove(exited);
        }

        foreach (var exited in sweep.ExitedContainers)
        {
            _trackedContainers.Remove(exited);
        }

        _judged.Clear();
        Admit(sweep.Processes);
        var index = 0;
        foreach (var process in sweep.Processes)
        {
            if (!_admitted[index++])
            {
                // Not analysed this tick: whatever it held goes, so the bound is on memory, not just on work.
                _tracked.Remove(process);
                _judged.Add(new JudgedProcess(process, ProcessJudgement.Unjudged));
                continue;
            }

            if (!_tracked.TryGetValue(process, out var tracked))
            {
                if (process.ResidentBytes < 0)
                {
                    _judged.Add(new JudgedProcess(process, ProcessJudgement.Unjudged));
                    continue;
                }

                tracked = new TrackedProcess(process, _settings, _flatResident);
                _tracked[process] = tracked;
            }

            if (process.ResidentBytes >= 0)
            {
                JudgeProcess(tracked, seconds, system);
            }

            _judged.Add(new JudgedProcess(process, tracked.Judgement));
        }

        if (_tick % _settings.ForestRefitTicks == 0 || (!_forest.IsFitted && _tick % 2 == 0))
        {
            RefitForest();
        }

        JudgeContainers(seconds, sweep.Containers);
        JudgeSystem(seconds, system, sweep.Containers);

        _previousSystem = system;
    }

    /// <summary>Fills <see cref="_admitted"/>, parallel to the sweep's processes, with which are analysed this tick.</summary>
    private void Admit(IReadOnlyCollection<ProcessRecord> processes)
    {
        var count = processes.Count;
        if (_admitted.Length < count)
        {
            _admitted = new bool[count * 2];
        }

        if (count <= _settings.MaxAnalysedProcesses)
        {
            _admitted.AsSpan(0, count).Fill(true);
            return;
        }

        if (_candidates.Length < count)
        {
            _candidates = new AdmissionCandidate[count * 2];
        }

        var i = 0;
        foreach (var process in processes)
        {
            var analysed = _tracked.TryGetValue(process, out var tracked);
            _candidates[i++] = new AdmissionCandidate(process.Pid, process.ResidentBytes, analysed, analysed && tracked!.Judgement.IsFlagged);
        }

        _admission.Admit(_candidates.AsSpan(0, count), _admitted);
    }

    private void JudgeProcess(TrackedProcess tracked, double seconds, SystemMemorySnapshot system)
    {
        var process = tracked.Record;
        var judgement = tracked.Judgement;
        var elapsed = seconds - tracked.LastSeconds;
        var minorRate = elapsed > 0 ? (process.MinorFaults - tracked.LastMinorFaults) / elapsed : 0;
        var majorRate = elapsed > 0 ? (process.MajorFaults - tracked.LastMajorFaults) / elapsed : 0;
        tracked.LastSeconds = seconds;
        tracked.LastMinorFaults = process.MinorFaults;
        tracked.LastMajorFaults = process.MajorFaults;
        tracked.History.Add(new HistorySample(seconds, process.ResidentBytes, process.ResidentAnonBytes, process.ResidentFileBytes, process.VirtualBytes, process.MinorFaults, process.MajorFaults));

        var stream = tracked.ResidentDetector.Observe(process.ResidentBytes);
        var due = (_tick + tracked.Stagger) % _settings.LeakEveryTicks == 0;
        if (due && tracked.History.Count >= LeakAnalyzerOptions.Default.MinimumSamples)
        {
            tracked.History.CopyResidentTo(_window);
            var leak = ExhaustionForecast.ForProcess(_window.SecondsSpan, _window.ResidentSpan, process.Container, system);
            judgement.LeakRisk = leak.Risk;
            judgement.GrowthBytesPerSecond = leak.GrowthBytesPerSecond;
            judgement.ExhaustionSeconds = leak.ExhaustionSeconds;
            judgement.Pattern = PatternName(leak.Pattern);
        }

        tracked.Forecast.Observe(judgement.ExhaustionSeconds, seconds);

        var peer = PeerScore(tracked, process, judgement.GrowthBytesPerSecond, minorRate, majorRate);
        if (stream.Reason == AnomalyReason.WarmingUp && !_forest.IsFitted)
        {
            judgement.AnomalyScore = double.NaN;
            judgement.AnomalyReason = string.Empty;
        }
        else if (peer > stream.Score)
        {
            // The larger of the two calibrated scores: each is already a probability-like [0,1] judgement,
            // and the maximum keeps the reason of whichever detector saw the anomaly.
            judgement.AnomalyScore = peer;
            judgement.AnomalyReason = "unlike its peers and the recent past (isolation forest)";
        }
        else
        {
            judgement.AnomalyScore = stream.Score;
            judgement.AnomalyReason = stream.Reason == AnomalyReason.None ? string.Empty : ReasonText(stream);
        }

        if ((_tick + tracked.Stagger) % _settings.DnaEveryTicks == 0 && tracked.History.Count >= MemoryDnaCalculator.MinimumSamples)
        {
            // Wall-clock here on purpose: a baseline persists across restarts, and its age is read by people.
            JudgeDna(tracked, system.Timestamp);
        }

        var threshold = _settings.FlagThreshold;
        judgement.IsFlagged = judgement.AnomalyScore >= _settings.AnomalyThreshold || judgement.LeakRisk >= threshold || judgement.DnaDrift >= threshold;
    }

    /// <summary>
    /// Each container's committed (unreclaimable) memory, followed like a process's resident memory: its robust
    /// growth against the reclaim-aware headroom, so a container whose page cache fills its limit is not "about to
    /// OOM" and an anonymous leak under a full cache still is.
    /// </summary>
    private void JudgeContainers(double seconds, IReadOnlyList<ContainerCgroup> containers)
    {
        _judgedContainers.Clear();
        foreach (var container in containers)
        {
            if (!_trackedContainers.TryGetValue(container, out var tracked))
            {
                tracked = new TrackedContainer(_settings.HistoryCapacity, stagger: _containersSeen++);
                _trackedContainers[container] = tracked;
            }

            // Only memory.stat's figure enters the series: a sweep that could not read it must not mix raw usage
            // (page cache included) into the trend. Without memory.stat a container gets no forecast of its own.
            if (container.UnreclaimableBytes >= 0)
            {
                tracked.History.Add(new HistorySample(seconds, container.UnreclaimableBytes, -1, -1, -1, 0, 0));
            }

            if ((_tick + tracked.Stagger) % _settings.LeakEveryTicks == 0 && tracked.History.Count >= LeakAnalyzerOptions.Default.MinimumSamples)
            {
                tracked.History.CopyResidentTo(_window);
                var forecast = ExhaustionForecast.ForContainer(_window.SecondsSpan, _window.ResidentSpan, container);
                tracked.Judgement.UnreclaimableGrowthBytesPerSecond = forecast.GrowthBytesPerSecond;
                tracked.Judgement.ExhaustionSeconds = forecast.ExhaustionSeconds;
            }

            tracked.Forecast.Observe(tracked.Judgement.ExhaustionSeconds, seconds);

            _judgedContainers.Add(new JudgedContainer(container, tracked.Judgement));
        }
    }

    /// <summary>
    /// Each kill scored by the forecast of the process killed, else of its container (by the killed task's memory
    /// cgroup): the lead time it gave, or none. The forecasts are those of the previous tick, the last ones made
    /// before the kill.
    /// </summary>
    private void JudgeOomKills(Sweep sweep, double seconds)
    {
        _oomKills.Clear();
        if (sweep.OomKills.Count == 0)
        {
            return;
        }

        _byPid.Clear();
        foreach (var tracked in _tracked.Values)
        {
            _byPid[tracked.Record.Pid] = tracked;
        }

        foreach (var kill in sweep.OomKills)
        {
            _byPid.TryGetValue(kill.Pid, out var process);
            var container = process?.Record.Container is { IsContainer: true } own ? own : ContainerOf(kill);
            TrackedContainer? trackedContainer = null;
            if (container is not null)
            {
                _trackedContainers.TryGetValue(container, out trackedContainer);
            }

            var lead = process?.Forecast.LeadAt(seconds) ?? trackedContainer?.Forecast.LeadAt(seconds);
            _oomKills.Add(new OomKillJudgement(kill, container?.Names ?? PodNamesOf(kill), lead));
        }
    }

    /// <summary>A kill known only by its pod (a cgroup counter's, see CgroupOomKillCounter): the pod's names, no container.</summary>
    private Collection.Parsing.KubernetesNames PodNamesOf(Collection.Parsing.OomKillRecord kill)
    {
        if (kill.Container is { PodUid.Length: > 0 } identity)
        {
            foreach (var container in _trackedContainers.Keys)
            {
                if (container.Identity.PodUid == identity.PodUid && container.Names.Pod.Length > 0)
                {
                    return container.Names with { Container = string.Empty };
                }
            }
        }

        return Collection.Parsing.KubernetesNames.None;
    }

    private ContainerCgroup? ContainerOf(Collection.Parsing.OomKillRecord kill)
    {
        if (kill.Container is not { } identity)
        {
            return null;
        }

        foreach (var container in _trackedContainers.Keys)
        {
            if (container.Identity == identity)
            {
                return container;
            }
        }

        return null;
    }

    private MemoryDna? ComputeDna(TrackedProcess tracked)
    {
        tracked.History.CopyTo(_window);
        var count = _window.Count;
        return MemoryDnaCalculator.Compute(new DnaWindow(
            Part(_window.Seconds), Part(_window.ResidentBytes), Part(_window.AnonBytes), Part(_window.FileBytes),
            Part(_window.VirtualBytes), Part(_window.MinorFaults), Part(_window.MajorFaults)));

        // A full history is the window's arrays themselves (the calculator only reads them and keeps nothing): no copy
        // of seven arrays per DNA, which was a third of what the analysis allocated at 1,000 processes.
        double[] Part(double[] values) => count == values.Length ? values : values[..count];
    }

    /// <summary>
    /// The forest's score of the process's features. An idle process's features repeat tick after tick, and a score
    /// depends only on them and the forest, so it is taken again only when either changed: the same score, without
    /// walking every tree for every process every tick (about a tenth of the agent's user CPU in a profile).
    /// </summary>
    private double PeerScore(TrackedProcess tracked, ProcessRecord process, double growth, double minorRate, double majorRate)
    {
        ProcessFeatures.Fill(process, growth, minorRate, majorRate, _features);
        if (tracked.PeerGeneration != _forest.Generation || !_features.AsSpan().SequenceEqual(tracked.Features))
        {
            _features.CopyTo(tracked.Features, 0);
            tracked.PeerScore = _forest.Score(tracked.Features);
            tracked.PeerGeneration = _forest.Generation;
        }

        return tracked.PeerScore;
    }

    private void JudgeDna(TrackedProcess tracked, DateTimeOffset now)
    {
        var dna = ComputeDna(tracked);
        if (dna is null)
        {
            return;
        }

        var process = tracked.Record;
        tracked.Identity ??= ExecutableIdentity.Of(process.Executable.Length > 0 ? process.Executable : process.Comm, process.Arguments);
        if (!tracked.BaselineLoaded)
        {
            tracked.Baseline = _baselines?.Load(tracked.Identity);
            tracked.BaselineLoaded = true;
        }

        tracked.Judgement.DnaHash = dna.Hash;
        tracked.Judgement.DnaDrift = tracked.Baseline is null ? 0 : DnaDrift.Between(tracked.Baseline.Features, dna.Features);
        tracked.Baseline = tracked.Baseline is null ? DnaBaseline.Start(dna.Features, now) : tracked.Baseline.Learn(dna.Features, now);
        _baselines?.Save(tracked.Identity, tracked.Baseline);
    }

    private void RefitForest()
    {
        _forestTraining.Clear();
        foreach (var tracked in _tracked.Values)
        {
            _forestTraining.Add(tracked.Features);
        }

        _forest.Refit(_forestTraining);
    }

    private void JudgeSystem(double seconds, SystemMemorySnapshot system, IReadOnlyList<ContainerCgroup> containers)
    {
        var anomaly = double.NaN;
        var reason = string.Empty;
        if (system.UsedBytes >= 0)
        {
            var used = (double)system.UsedBytes;
            _systemHistory.Add(new HistorySample(seconds, used, -1, -1, -1, 0, 0));
            var score = _systemDetector.Observe(used);
            anomaly = score.Reason == AnomalyReason.WarmingUp ? double.NaN : score.Score;
            reason = score.Reason is AnomalyReason.None or AnomalyReason.WarmingUp ? string.Empty : ReasonText(score);
            if (_tick % _settings.LeakEveryTicks == 0 && _systemHistory.Count >= LeakAnalyzerOptions.Default.MinimumSamples)
            {
                _systemHistory.CopyResidentTo(_window);
                var forecast = ExhaustionForecast.ForSystem(_window.SecondsSpan, _window.ResidentSpan, system);
                _systemGrowth = forecast.GrowthBytesPerSecond;
                _systemExhaustion = forecast.ExhaustionSeconds;
            }
        }

        HealthInputs = new HealthInputs(system, _previousSystem, _judged, containers, _settings.FlagThreshold);
        var health = HealthScorer.Score(HealthInputs);
        System = new SystemJudgement(anomaly, reason, _systemGrowth, _systemExhaustion, health);
    }

    private static string ReasonText(AnomalyScore score) => score.Reason switch
    {
        AnomalyReason.RobustZScore => string.Create(CultureInfo.InvariantCulture, $"resident memory {score.Deviations:0.0} robust deviations from its recent median"),
        AnomalyReason.EwmaDeviation => string.Create(CultureInfo.InvariantCulture, $"resident memory {score.Deviations:0.0} deviations from its moving baseline"),
        AnomalyReason.SeasonalDeviation => string.Create(CultureInfo.InvariantCulture, $"resident memory {score.Deviations:0.0} deviations from its learnt cycle"),
        AnomalyReason.LevelShift => string.Create(CultureInfo.InvariantCulture, $"resident memory shifted to a new level ({score.Deviations:0.0} deviations)"),
        _ => score.Reason.ToString(),
    };

    private static string PatternName(LeakPattern pattern) => PatternNames[(int)pattern];
}
