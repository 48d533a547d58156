using System.Buffers;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Export.Otlp;

/// <summary>One per-process or per-container family as an OTLP metric, from the same rows and shown values as /metrics.</summary>
internal static class ProcessFamilyOtlp
{
    public static void Write<TRow>(IBufferWriter<byte> output, OtlpMetricWriter writer, FamilyDescriptor<TRow> family, IReadOnlyList<PublishedRow<TRow>> rows, ulong nowNanos)
    {
        foreach (var published in rows)
        {
            var row = published.Row;
            for (var p = 0; p < family.Points.Count; p++)
            {
                var value = row.Value(family, p);
                if (!double.IsNaN(value))
                {
                    // No start time: a process's counters (page faults) count from its own start, which is a
                    // series of its own (memmon_process_start_time_seconds), not the agent's.
                    writer.NumberPoint(row.Attributes, row.ExtraAttributes(family, p), 0, nowNanos, value);
                }
            }
        }

        writer.EndMetric(output, family.InstrumentName, family.Help, family.Unit, family.Kind == FamilyKind.Counter ? OtlpMetricKind.MonotonicSum : OtlpMetricKind.Gauge);
    }
}
