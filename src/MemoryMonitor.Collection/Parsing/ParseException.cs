namespace MemoryMonitor.Collection.Parsing;

/// <summary>A proc or cgroup file whose content does not have the layout the kernel documents.</summary>
public sealed class ParseException : Exception
{
    public ParseException(string message)
        : base(message)
    {
    }

    public ParseException()
    {
    }

    public ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
