namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// What bounded the memory the OOM killer ran out of: the kernel's enum oom_constraint (mm/oom_kill.c,
/// printed as CONSTRAINT_* in the oom-kill: line since Linux 4.19).
/// </summary>
public enum OomConstraint
{
    /// <summary>The record does not say (a "Killed process" line on its own), or names a constraint newer than this agent.</summary>
    Unknown,

    /// <summary>CONSTRAINT_NONE: the whole node ran out (a global OOM).</summary>
    None,

    /// <summary>CONSTRAINT_CPUSET: the task's cpuset's memory nodes ran out.</summary>
    Cpuset,

    /// <summary>CONSTRAINT_MEMORY_POLICY: the nodes of an mbind/set_mempolicy policy ran out.</summary>
    MemoryPolicy,

    /// <summary>CONSTRAINT_MEMCG: a memory cgroup hit its limit (a container's memory limit).</summary>
    Memcg,
}
