namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>The values of one per-process row; negative byte values are unknown and left unset.</summary>
internal struct RowValues
{
    public long Resident;
    public long Anon;
    public long File;
    public long Shmem;
    public long Proportional;
    public long Unique;
    public long Swap;
    public long Virtual;
    public double MinorFaults;
    public double MajorFaults;
    public long Threads;
    public double StartTimeSeconds;

    // Processes a group row folds; 0 on an individual row.
    public long Members;

    // Judgements of the analysis; NaN = not judged (yet), and always NaN for group rows.
    public double AnomalyScore;
    public double LeakRisk;
    public double GrowthBytesPerSecond;
    public double ExhaustionSeconds;
    public double DnaDrift;

    public static RowValues Unknown => new()
    {
        Resident = -1,
        Anon = -1,
        File = -1,
        Shmem = -1,
        Proportional = -1,
        Unique = -1,
        Swap = -1,
        Virtual = -1,
        StartTimeSeconds = -1,
        AnomalyScore = double.NaN,
        LeakRisk = double.NaN,
        GrowthBytesPerSecond = double.NaN,
        ExhaustionSeconds = double.NaN,
        DnaDrift = double.NaN,
    };

    /// <summary>Adds a member's known values into a group sum; a group value stays unknown until some member knows it.</summary>
    public void Add(in RowValues member)
    {
        Resident = Sum(Resident, member.Resident);
        Anon = Sum(Anon, member.Anon);
        File = Sum(File, member.File);
        Shmem = Sum(Shmem, member.Shmem);
        Proportional = Sum(Proportional, member.Proportional);
        Unique = Sum(Unique, member.Unique);
        Swap = Sum(Swap, member.Swap);
        Virtual = Sum(Virtual, member.Virtual);
        Threads += member.Threads;

        static long Sum(long total, long value) => value < 0 ? total : Math.Max(total, 0) + value;
    }
}
