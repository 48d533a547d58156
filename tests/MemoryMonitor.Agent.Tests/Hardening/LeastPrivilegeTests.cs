using System.Globalization;
using System.Text.RegularExpressions;

namespace MemoryMonitor.Agent.Tests.Hardening;

/// <summary>
/// The agent as uid 65534: with no capabilities it degrades to what it may read and says so; with only
/// CAP_SYS_PTRACE it reads other users' smaps_rollup and exe too (docs/security.md).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class LeastPrivilegeTests
{
    private static readonly string[] Nobody = ["--reuid", "65534", "--regid", "65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"];
    private static readonly string[] NobodyWithPtrace = ["--reuid", "65534", "--regid", "65534", "--clear-groups", "--inh-caps=-all,+sys_ptrace", "--ambient-caps=+sys_ptrace", "--bounding-set=-all,+sys_ptrace"];

    [Fact]
    public async Task Without_capabilities_it_serves_what_it_can_read_and_counts_and_logs_what_it_cannot()
    {
        await using var agent = await ServingMemmon.StartAsync(Nobody);
        await Task.Delay(1500);

        var text = await agent.ScrapeAsync();

        Assert.Contains("memmon_system_memory_bytes{state=\"available\"}", text, StringComparison.Ordinal);
        Assert.True(Counter(text, "smaps_rollup", "permission_denied") > 0, "smaps_rollup of root's processes should be denied and counted");
        Assert.Contains("Reading SmapsRollup failed (PermissionDenied)", agent.Log, StringComparison.Ordinal);
        Assert.Matches(Resident(Environment.ProcessId), text); // other users' stat and status are world-readable
        Assert.DoesNotMatch(Proportional(Environment.ProcessId), text); // but their PSS needs ptrace access
        Assert.Matches(Proportional(agent.Pid), text); // its own is readable
    }

    [Fact]
    public async Task With_only_cap_sys_ptrace_it_reads_other_users_pss_and_executable()
    {
        await using var agent = await ServingMemmon.StartAsync(NobodyWithPtrace);
        await Task.Delay(1500);

        var text = await agent.ScrapeAsync();

        Assert.Matches(Proportional(Environment.ProcessId), text);
        Assert.Matches($"memmon_process_info\\{{pid=\"{Environment.ProcessId}\",[^}}]*executable=\"/", text);
    }

    private static Regex Resident(int pid) => new($"^memmon_process_resident_bytes\\{{pid=\"{pid}\",", RegexOptions.Multiline);

    private static Regex Proportional(int pid) => new($"^memmon_process_proportional_bytes\\{{pid=\"{pid}\",", RegexOptions.Multiline);

    private static double Counter(string text, string file, string reason)
    {
        var match = Regex.Match(text, $"^memmon_agent_read_errors_total\\{{file=\"{file}\",reason=\"{reason}\"\\}} (\\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
