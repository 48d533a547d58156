using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Baselines;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Sweeps;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Cli.Sampling;

/// <summary>
/// Collection and analysis for the CLI verbs that watch this machine for a while (detect, track, optimize):
/// the same readers and engine the agent runs, driven by the verb's own interval. Baselines stay in memory
/// unless a state directory is given, so a person's one-off run writes nothing.
/// </summary>
internal sealed class LiveAnalysis : IDisposable
{
    private readonly MemoryCollector _collector;
    private readonly BaselineStore? _baselines;

    public LiveAnalysis(CollectionSettings collection, AnalysisSettings settings, string? stateDirectory = null)
    {
        _collector = new MemoryCollector(collection, TimeProvider.System, new ReadErrorCounters());
        _baselines = stateDirectory is null ? null : BaselineStore.Open(stateDirectory, message => Console.Error.WriteLine($"memmon: warning: {message}"));
        Engine = new AnalysisEngine(settings, _baselines);
    }

    /// <summary>The defaults of the CLI's analysing verbs: PSS every 30 s, which a person watching for minutes can afford.</summary>
    public LiveAnalysis(string procRoot, AnalysisSettings settings, string? stateDirectory = null)
        : this(new CollectionSettings { ProcRoot = procRoot, SmapsInterval = TimeSpan.FromSeconds(30) }, settings, stateDirectory)
    {
    }

    public AnalysisEngine Engine { get; }

    public SystemMemorySnapshot? First { get; private set; }

    public SystemMemorySnapshot? Current => Sweep?.System;

    /// <summary>The last tick's sweep (its process and container lists are reused by the next tick).</summary>
    public Sweep? Sweep { get; private set; }

    public int Ticks { get; private set; }

    public void Tick()
    {
        Sweep = _collector.Collect();
        First ??= Sweep.System;
        Engine.Analyze(Sweep);
        Ticks++;
    }

    /// <summary>Ticks every <paramref name="interval"/> for <paramref name="duration"/> (or until cancelled), calling back after each.</summary>
    public async Task RunAsync(TimeSpan interval, TimeSpan duration, Action<int, int> afterTick, CancellationToken cancellation)
    {
        var total = Math.Max(1, (int)Math.Ceiling(duration / interval));
        using var timer = new PeriodicTimer(interval);
        for (var tick = 1; tick <= total && !cancellation.IsCancellationRequested; tick++)
        {
            Tick();
            afterTick(tick, total);
            if (tick < total)
            {
                try
                {
                    await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    public void Dispose()
    {
        _collector.Dispose();
        _baselines?.Dispose();
    }
}
