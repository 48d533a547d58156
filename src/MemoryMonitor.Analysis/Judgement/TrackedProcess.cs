using MemoryMonitor.Analysis.Anomaly;
using MemoryMonitor.Analysis.Baselines;
using MemoryMonitor.Analysis.Tracking;
using MemoryMonitor.Collection.Processes;

namespace MemoryMonitor.Analysis.Judgement;

/// <summary>Everything the engine keeps for one live process; dropped when the process exits.</summary>
internal sealed class TrackedProcess(ProcessRecord record, AnalysisSettings settings, FlatSeries flat)
{
    public ProcessRecord Record { get; } = record;

    public ProcessHistory History { get; } = new(settings.HistoryCapacity);

    /// <summary>Resident memory's streaming detector: no state until the process's resident size first changes.</summary>
    public WakingDetector ResidentDetector { get; } = new(flat);

    public ProcessJudgement Judgement { get; } = new();

    public double[] Features { get; } = new double[ProcessFeatures.Length];

    /// <summary>The forest's score of <see cref="Features"/>, and the forest generation it was taken under (-1: none yet).</summary>
    public double PeerScore { get; set; }

    public int PeerGeneration { get; set; } = -1;

    /// <summary>Since when its exhaustion forecast has warned, for scoring an OOM kill of it.</summary>
    public ForecastLedger Forecast { get; } = new();

    /// <summary>Spreads each process's periodic work over ticks, so no tick assesses every process at once.</summary>
    public int Stagger { get; } = record.Pid;

    public double LastSeconds { get; set; } = double.NaN;

    public long LastMinorFaults { get; set; }

    public long LastMajorFaults { get; set; }

    public string? Identity { get; set; }

    public bool BaselineLoaded { get; set; }

    public DnaBaseline? Baseline { get; set; }

    /// <summary>Approximate bytes held for one process whose resident size has moved (a flat one holds no detector), for docs/analysis cost figures.</summary>
    public static long ApproximateBytes(AnalysisSettings settings) =>
        ProcessHistory.BytesFor(settings.HistoryCapacity) + (3L * sizeof(double) * settings.AnomalyWindow) + 512;
}
