namespace MemoryMonitor.Collection.Errors;

/// <summary>Why a read produced no value.</summary>
public enum ReadFailure
{
    /// <summary>The process exited mid-sweep. Expected on any busy host; counted so churn is visible.</summary>
    Vanished,

    /// <summary>A node-wide or cgroup file this kernel or mount does not have (or a cgroup removed mid-sweep).</summary>
    Missing,
    PermissionDenied,
    Malformed,
    IoError,
}
