using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Kernel;

/// <summary>
/// Makes one kill of the two lines a 4.19+ kernel logs for it: the "oom-kill:" summary (cgroups, constraint; rate
/// limited with the rest of the OOM report, 10 reports per 5 s) and then the "Killed process" line, logged when
/// SIGKILL is sent and never rate limited. A kill is reported at its "Killed process" line, with the summary's
/// fields when the summary just before it names the same pid (oom_lock serialises OOM kills, so nothing of another
/// kill comes between). So a kill counts once, a kill whose summary was rate limited away still counts, and a
/// summary whose victim was already exiting ("Skip killing the task", no SIGKILL) counts not at all.
/// </summary>
internal sealed class OomKillJoiner
{
    private OomKillRecord? _summary;

    /// <summary>The kill this record completes, or null when it completes none (yet).</summary>
    public OomKillRecord? Add(OomKillRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Form == OomKillForm.Summary)
        {
            // A summary still waiting here was for a victim the kernel then skipped.
            _summary = record;
            return null;
        }

        var summary = _summary;
        _summary = null;
        return summary is not null && summary.Pid == record.Pid ? summary : record;
    }

    /// <summary>Forgets a waiting summary: records were lost, so the next line may belong to another kill.</summary>
    public void Reset() => _summary = null;
}
