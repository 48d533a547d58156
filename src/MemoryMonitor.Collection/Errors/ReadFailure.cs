namespace MemoryMonitor.Collection.Errors;

/// <summary>Why a read produced no value.</summary>
public enum ReadFailure
{
    /// <summary>The process exited mid-sweep. Expected on any busy host; counted so churn is visible.</summary>
    Vanished,
    PermissionDenied,
    Malformed,
    IoError,
}
