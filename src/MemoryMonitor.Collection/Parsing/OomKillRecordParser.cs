using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MemoryMonitor.Collection.Parsing;

/// <summary>
/// Parses one /dev/kmsg record (Documentation/ABI/testing/dev-kmsg: "PRIO,SEQ,USEC,FLAGS[,...];MESSAGE", then
/// optional " KEY=VALUE" dictionary lines) and returns the OOM kill it reports, if any. Two lines report a kill
/// (mm/oom_kill.c): the "oom-kill:" summary of Linux 4.19+ and the "Killed process PID (COMM)" line of every
/// kernel; a 4.19+ kernel prints both for one kill, which <c>Kernel/OomKillJoiner</c> makes one kill.
/// Any other record, and any record whose header is not a kmsg header, is not a kill (false): the log is
/// written by every driver. A record that claims a kill ("oom-kill:" or "Killed process") but lacks its pid or
/// comm throws <see cref="ParseException"/>, so the reader counts it as malformed rather than losing it silently;
/// printk can split the summary's pr_cont pieces into several records when CPUs interleave.
/// </summary>
internal static class OomKillRecordParser
{
    // The messages oom_kill_process() is given (Linux 5.1+ prefixes them to "Killed process").
    private static ReadOnlySpan<byte> MemcgMessage => "Memory cgroup out of memory: "u8;

    private static ReadOnlySpan<byte> GlobalMessage => "Out of memory: "u8;

    private static ReadOnlySpan<byte> AllocatingTaskMessage => "Out of memory (oom_kill_allocating_task): "u8;

    public static bool TryParse(ReadOnlySpan<byte> record, [NotNullWhen(true)] out OomKillRecord? kill)
    {
        kill = null;
        if (!TryReadHeader(record, out var sequence, out var sinceBoot, out var message))
        {
            return false;
        }

        if (message.StartsWith("oom-kill:"u8))
        {
            kill = ParseSummary(message, sequence, sinceBoot);
            return true;
        }

        return TryParseKilledProcess(message, sequence, sinceBoot, out kill);
    }

    /// <summary>"PRIO,SEQ,USEC,FLAGS[,...];" then the message, up to the first newline (dictionary lines follow it).</summary>
    private static bool TryReadHeader(ReadOnlySpan<byte> record, out long sequence, out long sinceBoot, out ReadOnlySpan<byte> message)
    {
        sequence = 0;
        sinceBoot = 0;
        message = default;
        var semicolon = record.IndexOf((byte)';');
        if (semicolon < 0)
        {
            return false;
        }

        var header = record[..semicolon];
        var fields = 0;
        foreach (var range in header.Split((byte)','))
        {
            var field = header[range];
            var ok = fields switch
            {
                0 => IsDigits(field),
                1 => IsDigits(field) && ProcTextScanner.TryParseLong(field, out sequence),
                2 => IsDigits(field) && ProcTextScanner.TryParseLong(field, out sinceBoot),
                _ => true,
            };
            if (!ok)
            {
                return false;
            }

            fields++;
        }

        if (fields < 3)
        {
            return false;
        }

        message = record[(semicolon + 1)..];
        var newline = message.IndexOf((byte)'\n');
        if (newline >= 0)
        {
            message = message[..newline];
        }

        return true;
    }

    /// <summary>
    /// "oom-kill:constraint=C,nodemask=N[,cpuset=P,mems_allowed=M](,oom_memcg=P|,global_oom)[,task_memcg=P],task=COMM,pid=N,uid=N"
    /// (dump_oom_victim). The comm is whatever the process set with prctl(PR_SET_NAME), commas and "pid=" included,
    /// so pid and uid are found from the end, where the kernel wrote them after the comm.
    /// </summary>
    private static OomKillRecord ParseSummary(ReadOnlySpan<byte> message, long sequence, long sinceBoot)
    {
        var uidAt = message.LastIndexOf(",uid="u8);
        var pidAt = uidAt < 0 ? -1 : message[..uidAt].LastIndexOf(",pid="u8);
        if (pidAt < 0)
        {
            throw new ParseException("kmsg: oom-kill record without ',pid=N,uid=N' (a split or truncated record)");
        }

        var pid = ParsePid(message[(pidAt + 5)..uidAt], "oom-kill pid");
        var uidText = UpToComma(message[(uidAt + 5)..]);
        if (!IsDigits(uidText) || !ProcTextScanner.TryParseLong(uidText, out var uid))
        {
            throw new ParseException("kmsg: oom-kill record with a malformed uid");
        }

        var head = message[..pidAt];
        var memcgAt = head.IndexOf(",task_memcg="u8);
        var taskAt = memcgAt < 0 ? head.IndexOf(",task="u8) : IndexAfter(head, memcgAt + 12, ",task="u8);
        if (taskAt < 0)
        {
            throw new ParseException("kmsg: oom-kill record without ',task=COMM'");
        }

        var comm = Unescaped(head[(taskAt + 6)..]);
        var context = head[..taskAt];
        string? taskMemcg = memcgAt < 0 ? null : Unescaped(context[(memcgAt + 12)..]);
        string? oomMemcg = null;
        var oomAt = context.IndexOf(",oom_memcg="u8);
        if (oomAt >= 0)
        {
            var end = memcgAt > oomAt ? memcgAt : context.Length;
            oomMemcg = Unescaped(context[(oomAt + 11)..end]);
        }

        var constraint = context.StartsWith("oom-kill:constraint="u8)
            ? ConstraintOf(UpToComma(context["oom-kill:constraint=".Length..]))
            : OomConstraint.Unknown;
        var container = taskMemcg is null ? null : ContainerIdentityParser.Parse(taskMemcg);
        return new OomKillRecord(sequence, sinceBoot, OomKillForm.Summary, constraint, pid, comm, uid, oomMemcg, taskMemcg, container);
    }

    /// <summary>
    /// "[MESSAGE: ]Killed process PID (COMM) total-vm:...kB, ...[, UID:N pgtables:...kB oom_score_adj:N]"
    /// (__oom_kill_process; the prefix and UID since Linux 5.1), and Linux 3.x-4.x's
    /// "Kill process PID (COMM) sharing same memory" for another process sharing the victim's mm.
    /// Linux before 5.1 also printed "MESSAGE: Kill process PID (COMM) score N or sacrifice child" when it chose a
    /// victim: a choice, not a kill (a child may be killed instead), so it is not returned.
    /// </summary>
    private static bool TryParseKilledProcess(ReadOnlySpan<byte> message, long sequence, long sinceBoot, [NotNullWhen(true)] out OomKillRecord? kill)
    {
        kill = null;
        var constraint = OomConstraint.Unknown;
        if (message.StartsWith(MemcgMessage))
        {
            message = message[MemcgMessage.Length..];
            constraint = OomConstraint.Memcg;
        }
        else if (message.StartsWith(GlobalMessage))
        {
            // Global, cpuset or mempolicy: the prefix does not say which.
            message = message[GlobalMessage.Length..];
        }
        else if (message.StartsWith(AllocatingTaskMessage))
        {
            message = message[AllocatingTaskMessage.Length..];
        }

        ReadOnlySpan<byte> rest;
        if (message.StartsWith("Killed process "u8))
        {
            rest = message["Killed process ".Length..];
        }
        else if (message.StartsWith("Kill process "u8) && message.EndsWith(" sharing same memory"u8))
        {
            rest = message["Kill process ".Length..];
        }
        else
        {
            return false;
        }

        var open = rest.IndexOf(" ("u8);
        var close = rest.LastIndexOf((byte)')');
        if (open < 0 || close < open + 2)
        {
            throw new ParseException("kmsg: 'Killed process' record without 'PID (COMM)'");
        }

        var pid = ParsePid(rest[..open], "killed process pid");
        var comm = Unescaped(rest[(open + 2)..close]);
        long uid = -1;
        var after = rest[(close + 1)..];
        var uidAt = after.IndexOf(" UID:"u8);
        if (uidAt >= 0)
        {
            var uidText = after[(uidAt + 5)..];
            var end = uidText.IndexOfAny((byte)' ', (byte)',');
            uidText = end < 0 ? uidText : uidText[..end];
            if (!IsDigits(uidText) || !ProcTextScanner.TryParseLong(uidText, out uid))
            {
                throw new ParseException("kmsg: 'Killed process' record with a malformed UID");
            }
        }

        kill = new OomKillRecord(sequence, sinceBoot, OomKillForm.KilledProcess, constraint, pid, comm, uid, null, null, null);
        return true;
    }

    private static OomConstraint ConstraintOf(ReadOnlySpan<byte> text) => text switch
    {
        _ when text.SequenceEqual("CONSTRAINT_MEMCG"u8) => OomConstraint.Memcg,
        _ when text.SequenceEqual("CONSTRAINT_NONE"u8) => OomConstraint.None,
        _ when text.SequenceEqual("CONSTRAINT_CPUSET"u8) => OomConstraint.Cpuset,
        _ when text.SequenceEqual("CONSTRAINT_MEMORY_POLICY"u8) => OomConstraint.MemoryPolicy,
        _ => OomConstraint.Unknown,
    };

    private static int ParsePid(ReadOnlySpan<byte> text, string what)
    {
        // pid_max is at most 2^22 (PID_MAX_LIMIT); 0 is the idle task, which is never killed.
        if (!IsDigits(text) || !ProcTextScanner.TryParseLong(text, out var pid) || pid is <= 0 or > int.MaxValue)
        {
            throw new ParseException($"kmsg: malformed {what}");
        }

        return (int)pid;
    }

    private static int IndexAfter(ReadOnlySpan<byte> text, int start, ReadOnlySpan<byte> value)
    {
        var at = text[start..].IndexOf(value);
        return at < 0 ? -1 : start + at;
    }

    private static ReadOnlySpan<byte> UpToComma(ReadOnlySpan<byte> text)
    {
        var comma = text.IndexOf((byte)',');
        return comma < 0 ? text : text[..comma];
    }

    private static bool IsDigits(ReadOnlySpan<byte> text) => !text.IsEmpty && text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;

    /// <summary>
    /// The kernel log writes a byte below 0x20, from 0x7f, or a backslash as "\xNN" (msg_print_ext_body), so a comm
    /// or cgroup name reads back as the bytes /proc shows. Other backslashes are left as they are.
    /// </summary>
    private static string Unescaped(ReadOnlySpan<byte> text)
    {
        if (text.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(text);
        }

        Span<byte> bytes = text.Length <= 256 ? stackalloc byte[text.Length] : new byte[text.Length];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'\\' && i + 3 < text.Length && text[i + 1] == (byte)'x'
                && TryHex(text[i + 2], out var high) && TryHex(text[i + 3], out var low))
            {
                bytes[length++] = (byte)((high << 4) | low);
                i += 3;
            }
            else
            {
                bytes[length++] = text[i];
            }
        }

        return Encoding.UTF8.GetString(bytes[..length]);
    }

    private static bool TryHex(byte b, out int value)
    {
        value = b switch
        {
            >= (byte)'0' and <= (byte)'9' => b - '0',
            >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
