namespace MemoryMonitor.Collection.ProcFs;

/// <summary>How reading one proc or cgroup file ended.</summary>
public enum ReadStatus
{
    Ok,

    /// <summary>ENOENT/ESRCH: the process exited between listing and reading, or the kernel lacks the file.</summary>
    Missing,

    /// <summary>EACCES/EPERM: another user's process read without CAP_SYS_PTRACE / CAP_DAC_READ_SEARCH.</summary>
    PermissionDenied,

    /// <summary>Any other errno.</summary>
    Failed,
}
