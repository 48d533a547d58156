namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Walks "name value" lines: the "flat keyed" format of Documentation/admin-guide/cgroup-v2.rst (memory.stat,
/// memory.events), which v1's memory.stat and memory.oom_control and /proc/vmstat share. Every value those files
/// print is an unsigned counter or byte count, so a value that is not a non-negative integer means the text is not
/// that file; a name the caller does not know is the caller's to pass over, so new kernels never break parsing.
/// </summary>
internal ref struct FlatKeyedScanner
{
    private readonly string _file;
    private ProcTextScanner _lines;
    private int _line;

    /// <param name="file">The file's name, for the message of a malformed line.</param>
    public FlatKeyedScanner(ReadOnlySpan<byte> text, string file)
    {
        _lines = new ProcTextScanner(text);
        _file = file;
    }

    /// <summary>Returns the next line's name and value, skipping blank lines; false at the end of the text.</summary>
    /// <exception cref="ParseException">A line's value is missing, negative, not digits or past 64 bits.</exception>
    public bool TryRead(out ReadOnlySpan<byte> name, out long value)
    {
        while (_lines.TryReadLine(out var line))
        {
            _line++;
            var fields = new ProcTextScanner(line);
            if (!fields.TryReadToken(out name))
            {
                continue;
            }

            if (!fields.TryReadLong(out value) || value < 0)
            {
                throw new ParseException($"{_file} line {_line}: expected 'name value'");
            }

            return true;
        }

        name = default;
        value = 0;
        return false;
    }
}
