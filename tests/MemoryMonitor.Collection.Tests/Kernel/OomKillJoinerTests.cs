using MemoryMonitor.Collection.Kernel;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Kernel;

public sealed class OomKillJoinerTests
{
    private static readonly OomKillRecord Summary = Parse("real/kmsg-oom-kill-memcg");
    private static readonly OomKillRecord Killed = Parse("real/kmsg-killed-process-memcg");

    [Fact]
    public void A_summary_and_its_killed_process_line_are_one_kill_with_the_summarys_cgroups()
    {
        var joiner = new OomKillJoiner();

        Assert.Null(joiner.Add(Summary));
        Assert.Same(Summary, joiner.Add(Killed));
    }

    [Fact]
    public void A_killed_process_line_whose_summary_was_rate_limited_is_a_kill_on_its_own()
    {
        var joiner = new OomKillJoiner();

        Assert.Same(Killed, joiner.Add(Killed));
        Assert.Same(Killed, joiner.Add(Killed));
    }

    [Fact]
    public void A_summary_whose_victim_was_skipped_is_no_kill_and_does_not_attach_to_the_next()
    {
        var joiner = new OomKillJoiner();
        var other = Killed with { Pid = 4242, Comm = "java" };

        Assert.Null(joiner.Add(Summary));
        Assert.Same(other, joiner.Add(other));
        Assert.Same(Killed, joiner.Add(Killed));
    }

    [Fact]
    public void After_lost_records_a_waiting_summary_is_forgotten()
    {
        var joiner = new OomKillJoiner();

        Assert.Null(joiner.Add(Summary));
        joiner.Reset();
        Assert.Same(Killed, joiner.Add(Killed));
    }

    private static OomKillRecord Parse(string fixture)
    {
        Assert.True(OomKillRecordParser.TryParse(Fixture.Bytes(fixture), out var kill));
        return kill;
    }
}
