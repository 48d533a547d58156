using MemoryMonitor.Baselines;
using MemoryMonitor.Collection.Errors;

namespace MemoryMonitor.Export.Instruments;

/// <summary>Label values for the self-metrics, in Prometheus' snake_case.</summary>
internal static class LabelValues
{
    public static string Of(CollectedFile file) => file switch
    {
        CollectedFile.Stat => "stat",
        CollectedFile.Status => "status",
        CollectedFile.SmapsRollup => "smaps_rollup",
        CollectedFile.Cgroup => "cgroup",
        CollectedFile.Exe => "exe",
        CollectedFile.Meminfo => "meminfo",
        CollectedFile.Vmstat => "vmstat",
        CollectedFile.Pressure => "pressure",
        CollectedFile.Buddyinfo => "buddyinfo",
        CollectedFile.CgroupMemory => "cgroup_memory",
        CollectedFile.Kmsg => "kmsg",
        _ => file.ToString(),
    };

    public static string Of(ReadFailure reason) => reason switch
    {
        ReadFailure.Vanished => "vanished",
        ReadFailure.Missing => "missing",
        ReadFailure.PermissionDenied => "permission_denied",
        ReadFailure.Malformed => "malformed",
        ReadFailure.IoError => "io_error",
        _ => reason.ToString(),
    };

    public static string Of(BaselineStoreFault fault) => fault switch
    {
        BaselineStoreFault.Locked => "locked",
        BaselineStoreFault.NoSpace => "no_space",
        BaselineStoreFault.ReadOnly => "read_only",
        BaselineStoreFault.NewerSchema => "newer_schema",
        BaselineStoreFault.Unavailable => "unavailable",
        _ => fault.ToString(),
    };
}
