namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// One process killed by the kernel's OOM killer, from its /dev/kmsg record. Absent fields (the older
/// "Killed process" line carries only pid, comm and sometimes uid) are null, -1 or <see cref="OomConstraint.Unknown"/>.
/// </summary>
/// <param name="Sequence">The record's sequence number in the kernel log (64-bit, never reused until reboot).</param>
/// <param name="SinceBootMicroseconds">When the kernel logged it: the printk timestamp, microseconds since boot by local_clock() (what dmesg shows in brackets).</param>
/// <param name="Form">The line it came from.</param>
/// <param name="Constraint">What ran out: a memory cgroup's limit, the whole node, a cpuset or a memory policy.</param>
/// <param name="Pid">The killed process (thread group id).</param>
/// <param name="Comm">Its comm, with the kernel log's \xNN escapes undone.</param>
/// <param name="Uid">Its real uid in the initial user namespace; -1 when the line does not say (before Linux 5.1).</param>
/// <param name="OomMemcg">The memory cgroup whose limit was hit, e.g. /docker/&lt;id&gt;; null for a global OOM or when the line does not say.</param>
/// <param name="TaskMemcg">The killed process's own memory cgroup (the limit may be an ancestor's); null when the line does not say.</param>
/// <param name="Container">The container <paramref name="TaskMemcg"/> belongs to, or null when it is none or unknown.</param>
public sealed record OomKillRecord(
    long Sequence,
    long SinceBootMicroseconds,
    OomKillForm Form,
    OomConstraint Constraint,
    int Pid,
    string Comm,
    long Uid,
    string? OomMemcg,
    string? TaskMemcg,
    ContainerIdentity? Container);
