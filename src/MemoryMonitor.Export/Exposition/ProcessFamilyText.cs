using System.Buffers;
using MemoryMonitor.Export.ProcessSeries;

namespace MemoryMonitor.Export.Exposition;

/// <summary>One per-process or per-container family as /metrics text, from the rows of the publisher's last publish.</summary>
internal static class ProcessFamilyText
{
    public static void Write<TRow>(IBufferWriter<byte> output, FamilyDescriptor<TRow> family, IReadOnlyList<PublishedRow<TRow>> rows)
    {
        // No header for a family without series (prometheus-net wrote one): absent reads as absent in the text too.
        var headed = false;
        foreach (var published in rows)
        {
            var row = published.Row;
            for (var p = 0; p < family.Points.Count; p++)
            {
                var value = row.Value(family, p);
                if (double.IsNaN(value))
                {
                    continue;
                }

                if (!headed)
                {
                    TextFormat.Header(output, family.Name, family.TypeName, family.Help);
                    headed = true;
                }

                TextFormat.Sample(output, family.NameText, row.LabelText, row.ExtraLabelText(family, p), value);
            }
        }
    }
}
