using MemoryMonitor.Agent.Configuration;
using MemoryMonitor.Collection.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MemoryMonitor.Agent.Sampling;

/// <summary>Runs the sweep pipeline every interval. A failing sweep is logged and counted; the next one still runs.</summary>
public sealed partial class SamplingService : BackgroundService
{
    private readonly SweepPipeline _pipeline;
    private readonly AgentOptions _options;
    private readonly Readiness _readiness;
    private readonly TimeProvider _time;
    private readonly HeapCompactor _compactor;
    private readonly ILogger<SamplingService> _logger;
    private bool _failureLogged;

    public SamplingService(SweepPipeline pipeline, AgentOptions options, Readiness readiness, ReadErrorCounters errors, TimeProvider time, ILogger<SamplingService> logger)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _pipeline = pipeline;
        _options = options;
        _readiness = readiness;
        _time = time;
        _compactor = new HeapCompactor(time);
        _logger = logger;
        errors.FirstFailure += (file, reason) =>
        {
            if (reason != ReadFailure.Vanished)
            {
                LogFirstReadFailure(file, reason);
            }
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(_options.Interval, _options.TopProcesses, _options.Collection.SmapsInterval);
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            await SampleUntilStoppedAsync(timer, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown: the last sweep's data stays served until the host stops.
        }
    }

    private async Task SampleUntilStoppedAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                _pipeline.Run();
                _readiness.MarkReady();
                // The first compaction comes a minute in, when start-up is long over: its pages go then, once.
                if (_compactor.AfterSweep() && _compactor.Compactions == 1)
                {
                    StartupPages.Release(AppContext.BaseDirectory);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!_failureLogged)
                {
                    _failureLogged = true;
                    LogSweepFailed(e);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sampling every {Interval}; top {TopProcesses} processes get their own series; smaps_rollup every {SmapsInterval}")]
    private partial void LogStarted(TimeSpan interval, int topProcesses, TimeSpan smapsInterval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {File} failed ({Reason}); counted in memmon_agent_read_errors_total, not logged again")]
    private partial void LogFirstReadFailure(CollectedFile file, ReadFailure reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A sweep failed; the agent keeps sampling (logged once)")]
    private partial void LogSweepFailed(Exception exception);
}
