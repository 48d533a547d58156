using MemoryMonitor.Collection.Errors;
using MemoryMonitor.Collection.Parsing;
using MemoryMonitor.Collection.ProcFs;

namespace MemoryMonitor.Collection.SystemMemory;

/// <summary>Reads /proc/meminfo, /proc/vmstat, /proc/pressure/memory and /proc/buddyinfo.</summary>
public sealed class SystemMemoryReader
{
    private readonly ProcFileReader _reader;
    private readonly TimeProvider _time;
    private readonly ReadErrorCounters _errors;
    private readonly AsciiStringPool _names = new(256);
    private readonly int _fragmentationOrder;

    public SystemMemoryReader(CollectionSettings settings, TimeProvider time, ReadErrorCounters errors)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _reader = new ProcFileReader(settings.ProcRoot);
        _fragmentationOrder = settings.FragmentationOrder;
        _time = time;
        _errors = errors;
    }

    /// <summary>False once PSI has been found absent: then no pressure series are exported at all.</summary>
    public bool PressureAvailable { get; private set; } = true;

    public SystemMemorySnapshot Read()
    {
        var meminfo = ReadPart(CollectedFile.Meminfo, "meminfo"u8, static (text, names) => MeminfoParser.Parse(text, names));
        var vmstat = ReadValue(CollectedFile.Vmstat, "vmstat"u8, static text => VmstatParser.Parse(text));
        PressureStall? pressure = null;
        if (PressureAvailable)
        {
            if (_reader.ReadRootFile("pressure/memory"u8, out var text) is var status && status == ReadStatus.Missing)
            {
                PressureAvailable = false;
            }
            else
            {
                pressure = Parse(CollectedFile.Pressure, status, text, static t => PressureParser.Parse(t));
            }
        }

        var zones = ReadPart(CollectedFile.Buddyinfo, "buddyinfo"u8, static (text, names) => BuddyinfoParser.Parse(text, names)) ?? [];
        return new SystemMemorySnapshot(_time.GetUtcNow(), MonotonicClock.Now(_time), meminfo, vmstat, pressure, zones, _fragmentationOrder);
    }

    private delegate T NamedParser<T>(ReadOnlySpan<byte> text, AsciiStringPool names);

    private delegate T Parser<T>(ReadOnlySpan<byte> text);

    private T? ReadPart<T>(CollectedFile file, ReadOnlySpan<byte> name, NamedParser<T> parse)
        where T : class
    {
        var status = _reader.ReadRootFile(name, out var text);
        if (status != ReadStatus.Ok)
        {
            _errors.Record(file, ReadErrors.OfFile(status));
            return null;
        }

        try
        {
            return parse(text, _names);
        }
        catch (ParseException)
        {
            _errors.Record(file, ReadFailure.Malformed);
            return null;
        }
    }

    private T? ReadValue<T>(CollectedFile file, ReadOnlySpan<byte> name, Parser<T> parse)
        where T : struct => Parse(file, _reader.ReadRootFile(name, out var text), text, parse);

    private T? Parse<T>(CollectedFile file, ReadStatus status, ReadOnlySpan<byte> text, Parser<T> parse)
        where T : struct
    {
        if (status != ReadStatus.Ok)
        {
            _errors.Record(file, ReadErrors.OfFile(status));
            return null;
        }

        try
        {
            return parse(text);
        }
        catch (ParseException)
        {
            _errors.Record(file, ReadFailure.Malformed);
            return null;
        }
    }
}
