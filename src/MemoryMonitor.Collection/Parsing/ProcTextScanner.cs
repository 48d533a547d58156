namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Walks the whitespace-separated ASCII text of a /proc file without allocating.
/// Every proc file we read is ASCII numbers and names, so bytes are scanned directly.
/// </summary>
internal ref struct ProcTextScanner
{
    private ReadOnlySpan<byte> _rest;

    public ProcTextScanner(ReadOnlySpan<byte> text) => _rest = text;

    /// <summary>
    /// Returns the next "Key: value" line split at its first colon, skipping lines without a key (blank or
    /// unknown-format lines), the shape of status and smaps_rollup. False when the text is exhausted.
    /// </summary>
    public bool TryReadKeyedLine(out ReadOnlySpan<byte> key, out ReadOnlySpan<byte> value)
    {
        while (TryReadLine(out var line))
        {
            var colon = line.IndexOf((byte)':');
            if (colon > 0)
            {
                key = line[..colon];
                value = line[(colon + 1)..];
                return true;
            }
        }

        key = default;
        value = default;
        return false;
    }

    /// <summary>Returns the next line without its newline; false when the text is exhausted.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        if (_rest.IsEmpty)
        {
            line = default;
            return false;
        }

        var newline = _rest.IndexOf((byte)'\n');
        if (newline < 0)
        {
            line = _rest;
            _rest = default;
        }
        else
        {
            line = _rest[..newline];
            _rest = _rest[(newline + 1)..];
        }

        return true;
    }

    /// <summary>Returns the next run of non-blank bytes; false when only blanks remain.</summary>
    public bool TryReadToken(out ReadOnlySpan<byte> token)
    {
        var start = 0;
        while (start < _rest.Length && IsBlank(_rest[start]))
        {
            start++;
        }

        if (start == _rest.Length)
        {
            _rest = default;
            token = default;
            return false;
        }

        var end = start;
        while (end < _rest.Length && !IsBlank(_rest[end]))
        {
            end++;
        }

        token = _rest[start..end];
        _rest = _rest[end..];
        return true;
    }

    public bool TryReadLong(out long value)
    {
        value = 0;
        return TryReadToken(out var token) && TryParseLong(token, out value);
    }

    public bool TrySkipTokens(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!TryReadToken(out _))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses an optionally negative decimal integer; rejects empty, non-digit and overflowing input.</summary>
    public static bool TryParseLong(ReadOnlySpan<byte> token, out long value)
    {
        value = 0;
        if (token.IsEmpty)
        {
            return false;
        }

        var negative = token[0] == (byte)'-';
        if (negative)
        {
            token = token[1..];
            if (token.IsEmpty)
            {
                return false;
            }
        }

        long result = 0;
        foreach (var b in token)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            if (result > (long.MaxValue - digit) / 10)
            {
                return false;
            }

            result = (result * 10) + digit;
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>Parses "12.34" as a double without culture or allocation (PSI averages, which are never negative).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        var dot = token.IndexOf((byte)'.');
        var whole = dot < 0 ? token : token[..dot];

        // A sign would apply to the whole part only: "-0.50" would read as 0.50.
        if (whole.StartsWith((byte)'-') || !TryParseLong(whole, out var integral))
        {
            return false;
        }

        double fraction = 0;
        if (dot >= 0)
        {
            var scale = 0.1;
            var digits = token[(dot + 1)..];
            if (digits.IsEmpty)
            {
                return false;
            }

            foreach (var b in digits)
            {
                var digit = b - (byte)'0';
                if ((uint)digit > 9)
                {
                    return false;
                }

                fraction += digit * scale;
                scale /= 10;
            }
        }

        value = integral + fraction;
        return true;
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
}
