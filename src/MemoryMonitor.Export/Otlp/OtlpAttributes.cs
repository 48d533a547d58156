using System.Buffers;

namespace MemoryMonitor.Export.Otlp;

/// <summary>
/// Attributes as encoded OTLP: one <c>KeyValue</c> field per pair, each a string <c>AnyValue</c>. A series' attributes
/// are rendered once and copied into every push, as its label text is for /metrics.
/// </summary>
internal static class OtlpAttributes
{
    /// <summary><c>NumberDataPoint.attributes</c>: every per-process family is a gauge or a sum.</summary>
    public const int NumberPointField = 7;

    public const int HistogramPointField = 9;

    /// <summary><c>Resource.attributes</c>.</summary>
    public const int ResourceField = 1;

    public static byte[] Render(int field, ReadOnlySpan<string> names, ReadOnlySpan<string> values)
    {
        var output = new ArrayBufferWriter<byte>(64);
        Write(output, field, names, values);
        return output.WrittenSpan.ToArray();
    }

    public static void Write(IBufferWriter<byte> output, int field, ReadOnlySpan<string> names, ReadOnlySpan<string> values)
    {
        for (var i = 0; i < names.Length; i++)
        {
            Write(output, field, names[i], values[i]);
        }
    }

    public static void Write(IBufferWriter<byte> output, int field, string key, string value)
    {
        // KeyValue { key = 1; AnyValue value = 2 }, AnyValue { string_value = 1 }.
        var anyValue = ProtoWriter.StringFieldSize(value);
        ProtoWriter.LengthPrefix(output, field, ProtoWriter.StringFieldSize(key) + ProtoWriter.FieldSize(anyValue));
        ProtoWriter.String(output, 1, key);
        ProtoWriter.LengthPrefix(output, 2, anyValue);
        ProtoWriter.String(output, 1, value);
    }
}
