using MemoryMonitor.Collection.ProcFs;

namespace MemoryMonitor.Collection.Errors;

/// <summary>Why a failed read produced no value, by what was read.</summary>
internal static class ReadErrors
{
    /// <summary>
    /// A file under /proc/PID: ENOENT/ESRCH there means the process exited between the listing and the read
    /// (every kernel the agent supports has stat, status and cgroup; a missing smaps_rollup is found once, up front).
    /// </summary>
    public static ReadFailure OfProcessFile(ReadStatus status) => status == ReadStatus.Missing ? ReadFailure.Vanished : OfFile(status);

    /// <summary>A node-wide or cgroup file: ENOENT there means this kernel or mount does not have it, not that a process exited.</summary>
    public static ReadFailure OfFile(ReadStatus status) => status switch
    {
        ReadStatus.Missing => ReadFailure.Missing,
        ReadStatus.PermissionDenied => ReadFailure.PermissionDenied,
        _ => ReadFailure.IoError,
    };
}
