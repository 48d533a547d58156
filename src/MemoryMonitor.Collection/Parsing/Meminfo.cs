namespace MemoryMonitor.Collection.Parsing;

/// <summary>Every field of /proc/meminfo, values in bytes where the kernel printed kB.</summary>
public sealed class Meminfo
{
    private readonly MeminfoField[] _fields;

    internal Meminfo(MeminfoField[] fields) => _fields = fields;

    public IReadOnlyList<MeminfoField> Fields => _fields;

    /// <summary>The value of a field, or -1 when this kernel does not print it.</summary>
    public long Get(string name)
    {
        foreach (var field in _fields)
        {
            if (field.Name == name)
            {
                return field.Value;
            }
        }

        return -1;
    }
}
