using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Parsing;

public sealed class OomKillRecordParserTests
{
    private const string RealContainer = "75f4870cfe3bcc08bad049dfcbc97e39325cedf0b2271876bc2f29550901a3ab";
    private const string ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string PodUid = "6f1c7a9e-2b4d-4c1e-9a0f-3d5e7b9c1a2f";

    [Fact]
    public void The_real_memcg_summary_gives_pid_comm_uid_both_cgroups_and_the_container()
    {
        Assert.True(OomKillRecordParser.TryParse(Fixture.Bytes("real/kmsg-oom-kill-memcg"), out var kill));

        Assert.Equal(
            new OomKillRecord(1089, 4002325288, OomKillForm.Summary, OomConstraint.Memcg, 7301, "eat", 0,
                "/docker/" + RealContainer, "/docker/" + RealContainer, new ContainerIdentity(RealContainer, string.Empty)),
            kill);
    }

    [Fact]
    public void The_real_killed_process_line_gives_pid_comm_uid_and_the_memcg_constraint_but_no_cgroup()
    {
        Assert.True(OomKillRecordParser.TryParse(Fixture.Bytes("real/kmsg-killed-process-memcg"), out var kill));

        Assert.Equal(
            new OomKillRecord(1090, 4002325303, OomKillForm.KilledProcess, OomConstraint.Memcg, 7301, "eat", 0, null, null, null),
            kill);
    }

    [Fact]
    public void A_global_oom_has_no_oom_memcg_and_a_service_is_no_container()
    {
        Assert.True(OomKillRecordParser.TryParse(Fixture.Bytes("handwritten/kmsg-oom-kill-global"), out var kill));

        Assert.Equal((OomConstraint.None, 4242, "java", 1000L), (kill.Constraint, kill.Pid, kill.Comm, kill.Uid));
        Assert.Null(kill.OomMemcg);
        Assert.Equal("/system.slice/batch.service", kill.TaskMemcg);
        Assert.Null(kill.Container);
    }

    [Theory]
    [InlineData("kmsg-killed-process-global-linux-5.4", 52312L, 4242, 1000L)]
    [InlineData("kmsg-killed-process-linux-4.14", 813L, 4242, -1L)]
    [InlineData("kmsg-kill-sharing-memory-linux-3.10", 90L, 4243, -1L)]
    public void Older_kernels_killed_process_lines_give_what_they_print(string fixture, long sequence, int pid, long uid)
    {
        Assert.True(OomKillRecordParser.TryParse(Fixture.Bytes("handwritten/" + fixture), out var kill));

        Assert.Equal(
            new OomKillRecord(sequence, kill.SinceBootMicroseconds, OomKillForm.KilledProcess, OomConstraint.Unknown, pid, "java", uid, null, null, null),
            kill);
    }

    [Fact]
    public void A_comm_with_commas_pid_and_escaped_bytes_is_returned_whole_and_the_real_pid_found()
    {
        Assert.True(OomKillRecordParser.TryParse(Fixture.Bytes("handwritten/kmsg-oom-kill-pod-odd-comm"), out var kill));

        Assert.Equal("we) ir\\d\t,pid=1", kill.Comm);
        Assert.Equal((7301, 0L), (kill.Pid, kill.Uid));
        Assert.Equal("/kubepods/burstable/pod" + PodUid, kill.OomMemcg);
        Assert.Equal(new ContainerIdentity(ContainerId, PodUid), kill.Container);
    }

    [Fact]
    public void Dictionary_lines_after_the_message_are_not_part_of_it()
    {
        Assert.True(OomKillRecordParser.TryParse(Fixture.Bytes("handwritten/kmsg-oom-kill-with-dictionary"), out var kill));

        Assert.Equal(("eat", 7301, 0L), (kill.Comm, kill.Pid, kill.Uid));
        Assert.Equal(new ContainerIdentity(ContainerId, string.Empty), kill.Container);
    }

    [Theory]
    [InlineData("real/kmsg-invoked-oom-killer")]
    [InlineData("real/kmsg-memcg-stats-header")]
    [InlineData("handwritten/kmsg-kill-process-choice-linux-4.14")]
    [InlineData("handwritten/kmsg-not-a-kill-user-message")]
    public void Other_records_of_an_oom_report_and_other_messages_are_not_kills(string fixture)
    {
        Assert.False(OomKillRecordParser.TryParse(Fixture.Bytes(fixture), out var kill));
        Assert.Null(kill);
    }

    [Theory]
    [InlineData("")]
    [InlineData("oom-kill:constraint=CONSTRAINT_MEMCG,task=eat,pid=1,uid=0")]
    [InlineData("6,1089;oom-kill:constraint=CONSTRAINT_MEMCG,task=eat,pid=1,uid=0")]
    [InlineData("6,x,1,-;oom-kill:constraint=CONSTRAINT_MEMCG,task=eat,pid=1,uid=0")]
    [InlineData("6,-1,1,-;Killed process 1 (init)")]
    [InlineData("6,1,2,-;")]
    public void Records_without_a_kmsg_header_are_not_kills(string record)
    {
        Assert.False(OomKillRecordParser.TryParse(System.Text.Encoding.ASCII.GetBytes(record), out _));
    }

    [Theory]
    [InlineData("handwritten/kmsg-oom-kill-split-by-pr_cont")]
    public void A_summary_split_or_truncated_by_printk_is_malformed(string fixture)
    {
        Assert.Throws<ParseException>(() => OomKillRecordParser.TryParse(Fixture.Bytes(fixture), out _));
    }

    [Theory]
    [InlineData("3,1,1,-;Killed process abc (x) total-vm:1kB")]
    [InlineData("3,1,1,-;Killed process 12")]
    [InlineData("3,1,1,-;Killed process 0 (swapper) total-vm:1kB")]
    [InlineData("3,1,1,-;Out of memory: Killed process 12 (x) total-vm:1kB, UID:root pgtables:0kB")]
    [InlineData("6,1,1,-;oom-kill:constraint=CONSTRAINT_NONE,global_oom,task_memcg=/,task=x,pid=99999999999,uid=0")]
    [InlineData("6,1,1,-;oom-kill:constraint=CONSTRAINT_NONE,global_oom,task_memcg=/,task=x,pid=5,uid=-1")]
    [InlineData("6,1,1,-;oom-kill:constraint=CONSTRAINT_NONE,global_oom,task_memcg=/,pid=5,uid=0")]
    public void A_kill_line_without_a_valid_pid_comm_or_uid_is_malformed(string record)
    {
        Assert.Throws<ParseException>(() => OomKillRecordParser.TryParse(System.Text.Encoding.ASCII.GetBytes(record), out _));
    }
}
