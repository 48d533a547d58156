namespace MemoryMonitor.Analysis.Leaks;

/// <summary>The shape a window of memory samples has, as the leak analyzer sees it.</summary>
public enum LeakPattern
{
    /// <summary>Too few samples, no time elapsed, or values that are not finite: no judgement.</summary>
    Insufficient,

    /// <summary>Flat apart from noise.</summary>
    Steady,

    /// <summary>Sustained growth that a straight line explains: the classic leak.</summary>
    Growing,

    /// <summary>Grows, then drops back to the same base, repeatedly: a garbage collector or a cache being trimmed.</summary>
    Sawtooth,

    /// <summary>Rises and falls smoothly around a stable level.</summary>
    Periodic,

    /// <summary>One jump, flat either side: a cache filled or a buffer allocated once.</summary>
    Step,

    /// <summary>A sawtooth whose troughs and peaks both rise: a leak hidden under garbage collection.</summary>
    RatchetingSawtooth,

    /// <summary>Varies, but in none of the shapes above.</summary>
    Irregular,
}
