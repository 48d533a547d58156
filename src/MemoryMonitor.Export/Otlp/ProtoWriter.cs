using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace MemoryMonitor.Export.Otlp;

/// <summary>
/// The few protobuf wire primitives an OTLP metrics request needs, written straight into a buffer, and their sizes.
/// A length-delimited field is written as its tag, its length and its bytes, so a writer of a nested message knows
/// its size first: every caller here computes it (<see cref="FieldSize"/>) rather than encoding twice.
/// </summary>
internal static class ProtoWriter
{
    private const int VarintType = 0;
    private const int Fixed64Type = 1;
    private const int LengthType = 2;

    /// <summary>The tag and length of a length-delimited field, before its <paramref name="length"/> bytes.</summary>
    public static void LengthPrefix(IBufferWriter<byte> output, int field, int length)
    {
        Varint(output, (ulong)((field << 3) | LengthType));
        Varint(output, (ulong)length);
    }

    public static void Bytes(IBufferWriter<byte> output, int field, ReadOnlySpan<byte> bytes)
    {
        LengthPrefix(output, field, bytes.Length);
        output.Write(bytes);
    }

    public static void String(IBufferWriter<byte> output, int field, string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        LengthPrefix(output, field, length);
        var span = output.GetSpan(length);
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    public static void Fixed64(IBufferWriter<byte> output, int field, ulong value)
    {
        Varint(output, (ulong)((field << 3) | Fixed64Type));
        Raw64(output, value);
    }

    /// <summary>Eight little-endian bytes without a tag: an element of a packed repeated fixed64 or double.</summary>
    public static void Raw64(IBufferWriter<byte> output, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(output.GetSpan(8), value);
        output.Advance(8);
    }

    public static void Double(IBufferWriter<byte> output, int field, double value) =>
        Fixed64(output, field, BitConverter.DoubleToUInt64Bits(value));

    public static void VarintField(IBufferWriter<byte> output, int field, ulong value)
    {
        Varint(output, (ulong)((field << 3) | VarintType));
        Varint(output, value);
    }

    public static void Varint(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }

    /// <summary>The size of a length-delimited field of <paramref name="length"/> bytes, tag and length included (fields below 16).</summary>
    public static int FieldSize(int length) => 1 + VarintSize((ulong)length) + length;

    /// <summary>The size of a fixed64 or double field, tag included (fields below 16).</summary>
    public const int Fixed64FieldSize = 9;

    public static int StringFieldSize(string text) => FieldSize(Encoding.UTF8.GetByteCount(text));

    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }
}
