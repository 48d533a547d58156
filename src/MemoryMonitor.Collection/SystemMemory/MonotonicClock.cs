namespace MemoryMonitor.Collection.SystemMemory;

/// <summary>Monotonic time from a <see cref="TimeProvider"/>, so tests that drive a provider drive it too.</summary>
public static class MonotonicClock
{
    public static TimeSpan Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var timestamp = time.GetTimestamp();
        var frequency = time.TimestampFrequency;

        // Whole seconds and the remainder apart, so a large timestamp times TicksPerSecond cannot overflow.
        return TimeSpan.FromTicks((timestamp / frequency * TimeSpan.TicksPerSecond) + (timestamp % frequency * TimeSpan.TicksPerSecond / frequency));
    }
}
