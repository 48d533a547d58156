using MemoryMonitor.Analysis.Judgement;
using MemoryMonitor.Baselines;
using MemoryMonitor.Collection;
using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Processes;
using MemoryMonitor.Collection.SystemMemory;

namespace MemoryMonitor.Cli.Sampling;

/// <summary>
/// Collection and analysis for the CLI verbs that watch this machine for a while (detect, track, optimize):
/// the same readers and engine the agent runs, driven by the verb's own interval. Baselines stay in memory
/// unless a state directory is given, so a person's one-off run writes nothing.
/// </summary>
internal sealed class LiveAnalysis : IDisposable
{
    private readonly SystemMemoryReader _system;
    private readonly ProcessSweeper _sweeper;
    private readonly List<ContainerCgroup> _containers = [];
    private readonly BaselineStore? _baselines;

    public LiveAnalysis(string procRoot, AnalysisSettings settings, string? stateDirectory = null)
    {
        var errors = new ReadErrorCounters();
        _system = new SystemMemoryReader(procRoot, TimeProvider.System, errors);
        _sweeper = new ProcessSweeper(new CollectionSettings { ProcRoot = procRoot, SmapsInterval = TimeSpan.FromSeconds(30) }, TimeProvider.System, errors);
        _baselines = stateDirectory is null ? null : BaselineStore.Open(stateDirectory, message => Console.Error.WriteLine($"memmon: warning: {message}"));
        Engine = new AnalysisEngine(settings, _baselines);
    }

    public AnalysisEngine Engine { get; }

    public SystemMemorySnapshot? First { get; private set; }

    public SystemMemorySnapshot? Previous { get; private set; }

    public SystemMemorySnapshot? Current { get; private set; }

    public IReadOnlyList<ContainerCgroup> Containers => _containers;

    public IReadOnlyCollection<ProcessRecord> Processes => _sweeper.Processes;

    public int Ticks { get; private set; }

    public void Tick()
    {
        Previous = Current;
        Current = _system.Read();
        First ??= Current;
        _sweeper.Sweep();
        _containers.Clear();
        _containers.AddRange(_sweeper.Containers);
        Engine.Analyze(_sweeper.Processes, _containers, Current);
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

    public void Dispose() => _baselines?.Dispose();
}
