namespace MemoryMonitor.Collection.Parsing;

/// <summary>Which of the kernel's two OOM kill lines a record was parsed from (mm/oom_kill.c).</summary>
public enum OomKillForm
{
    /// <summary>
    /// "oom-kill:constraint=...,task_memcg=...,task=...,pid=...,uid=...", the one-line summary of Linux 4.19+.
    /// Printed before the kill, and rate limited with the rest of the OOM report (10 per 5 s).
    /// </summary>
    Summary,

    /// <summary>
    /// "[Memory cgroup out of memory|Out of memory]: Killed process PID (COMM) total-vm:...", printed when
    /// SIGKILL is sent and never rate limited. Before Linux 5.1 it had no "...: " prefix; before 4.19 it is the
    /// only line that names the victim.
    /// </summary>
    KilledProcess,

    /// <summary>
    /// Not a log line: a rise of a container cgroup's own oom_kill counter (v2 memory.events, v1
    /// memory.oom_control) or of its v2 pod cgroup's, counted when /dev/kmsg cannot be read. It knows the container
    /// (or the pod) and nothing of the process: pid 0, comm empty.
    /// </summary>
    CgroupCounter,
}
