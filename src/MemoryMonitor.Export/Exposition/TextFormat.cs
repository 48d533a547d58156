using System.Buffers;
using System.Globalization;
using System.Text;

namespace MemoryMonitor.Export.Exposition;

/// <summary>
/// The Prometheus text format (0.0.4), written as UTF-8 straight into a buffer: family headers, label pairs and
/// sample lines. Escaping follows the format: in HELP text a backslash and a line feed, in label values the double
/// quote too.
/// </summary>
internal static class TextFormat
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Header(IBufferWriter<byte> output, string name, string type, string help)
    {
        if (help.Length > 0)
        {
            output.Write("# HELP "u8);
            Text(output, name);
            output.Write(" "u8);
            Escaped(output, help, quote: false);
            output.Write("\n"u8);
        }

        output.Write("# TYPE "u8);
        Text(output, name);
        output.Write(" "u8);
        Text(output, type);
        output.Write("\n"u8);
    }

    /// <summary>Label pairs <c>a="x",b="y"</c> (no braces), rendered once for series whose labels do not change.</summary>
    public static byte[] Labels(ReadOnlySpan<string> names, ReadOnlySpan<string> values)
    {
        var output = new ArrayBufferWriter<byte>(64);
        for (var i = 0; i < names.Length; i++)
        {
            Label(output, names[i], values[i], first: i == 0);
        }

        return output.WrittenSpan.ToArray();
    }

    public static void Label(IBufferWriter<byte> output, string name, string value, bool first)
    {
        if (!first)
        {
            output.Write(","u8);
        }

        Text(output, name);
        output.Write("=\""u8);
        Escaped(output, value, quote: true);
        output.Write("\""u8);
    }

    /// <summary>One sample line: the name, the label pairs of up to two pre-rendered parts, the value.</summary>
    public static void Sample(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> labels, ReadOnlySpan<byte> moreLabels, double value)
    {
        output.Write(name);
        if (labels.Length + moreLabels.Length > 0)
        {
            output.Write("{"u8);
            output.Write(labels);
            if (labels.Length > 0 && moreLabels.Length > 0)
            {
                output.Write(","u8);
            }

            output.Write(moreLabels);
            output.Write("}"u8);
        }

        output.Write(" "u8);
        Value(output, value);
        output.Write("\n"u8);
    }

    public static void Value(IBufferWriter<byte> output, double value)
    {
        if (double.IsNaN(value))
        {
            output.Write("NaN"u8);
        }
        else if (double.IsInfinity(value))
        {
            output.Write(value > 0 ? "+Inf"u8 : "-Inf"u8);
        }
        else
        {
            // The shortest text that reads back as the same double; integers print without a fraction or exponent
            // up to 1e15, which covers every byte count a node has.
            var span = output.GetSpan(32);
            value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
            output.Advance(written);
        }
    }

    public static void Text(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    private static void Escaped(IBufferWriter<byte> output, string text, bool quote)
    {
        var escapes = quote ? "\\\"\n" : "\\\n";
        if (text.AsSpan().IndexOfAny(escapes) < 0)
        {
            Text(output, text);
            return;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '"' when quote => "\\\"",
                _ => c.ToString(),
            });
        }

        Text(output, escaped.ToString());
    }
}
