using System.IO.Pipelines;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Export.Exposition;

/// <summary>
/// The whole of /metrics: the meter's fixed families, then the per-process and per-container families of the last
/// publish, as the Prometheus text format. The agent writes it itself rather than through the OpenTelemetry SDK and
/// prometheus-net: both keep an object per series (prometheus-net about 20 KB for a process's series), where the
/// publisher's rows already hold every value and label (docs/performance.md, "Footprint work, step 5").
/// </summary>
public sealed class MetricsExposition(MeterFamilies meterFamilies, ProcessSeriesPublisher publisher)
{
    public const string ContentType = TextFormat.ContentType;

    public async Task WriteAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        meterFamilies.Write(output);
        var published = publisher.Published;

        // A flush per family: at a top N of 1,000 the text is a few MB, which should not sit in the pipe at once.
        foreach (var family in ProcessFamilyTable.Process)
        {
            ProcessFamilyText.Write(output, family, published.Processes);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var family in ProcessFamilyTable.Group)
        {
            ProcessFamilyText.Write(output, family, published.Groups);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var family in ProcessFamilyTable.Container)
        {
            ProcessFamilyText.Write(output, family, published.Containers);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
