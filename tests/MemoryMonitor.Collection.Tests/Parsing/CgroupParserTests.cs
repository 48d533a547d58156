using System.Text;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Parsing;

public sealed class CgroupParserTests
{
    private const string ContainerId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string PodUid = "6f1c7a9e-2b4d-4c1e-9a0f-3d5e7b9c1a2f";

    [Fact]
    public void On_a_hybrid_host_the_v1_memory_controller_line_wins_over_the_empty_v2_line()
    {
        var membership = CgroupMembershipParser.Parse(Fixture.Bytes("real/self-cgroup"));

        Assert.Equal(new CgroupMembership("/process_api/4f6e4075ed7146fcd4b4994a7c67934a", IsV2: false), membership);
        Assert.Null(ContainerIdentityParser.Parse(membership!.Value.Path));
    }

    [Theory]
    [InlineData("cgroup-v2-kubepods-systemd", true, PodUid)]
    [InlineData("cgroup-v2-namespaced", true, PodUid)]
    [InlineData("cgroup-v1-kubepods-cgroupfs", false, PodUid)]
    [InlineData("cgroup-v1-docker", false, "")]
    [InlineData("cgroup-v2-podman-nested", true, "")]
    public void Container_and_pod_are_found_in_each_runtime_layout(string fixture, bool isV2, string podUid)
    {
        var membership = CgroupMembershipParser.Parse(Fixture.Bytes("handwritten/" + fixture));

        Assert.Equal(isV2, membership!.Value.IsV2);
        Assert.Equal(new ContainerIdentity(ContainerId, podUid), ContainerIdentityParser.Parse(membership.Value.Path));
    }

    [Theory]
    [InlineData("cgroup-v2-podman-conmon")]
    [InlineData("cgroup-v2-not-container")]
    public void Conmon_and_login_sessions_are_not_containers(string fixture)
    {
        var membership = CgroupMembershipParser.Parse(Fixture.Bytes("handwritten/" + fixture));

        Assert.True(membership!.Value.IsV2);
        Assert.Null(ContainerIdentityParser.Parse(membership.Value.Path));
    }

    [Fact]
    public void A_file_without_memory_or_unified_line_has_no_membership()
    {
        Assert.Null(CgroupMembershipParser.Parse("3:cpuset:/\n2:cpu:/\n"u8));
        Assert.Null(CgroupMembershipParser.Parse(""u8));
    }

    [Theory]
    [InlineData("real/cgroup-v1-memory.limit_in_bytes", null)]
    [InlineData("handwritten/cgroup-v2-memory.max-unlimited", null)]
    [InlineData("handwritten/cgroup-v2-memory.max", 536870912L)]
    public void Limits_read_unlimited_as_null(string fixture, long? expected)
    {
        Assert.Equal(expected, CgroupValueParser.ParseLimit(Fixture.Bytes(fixture)));
    }

    [Theory]
    [InlineData("real/cgroup-v1-memory.usage_in_bytes", 649342976L)]
    [InlineData("handwritten/cgroup-v2-memory.current", 123456789L)]
    public void Usage_is_read_in_bytes(string fixture, long expected)
    {
        Assert.Equal(expected, CgroupValueParser.ParseValue(Fixture.Bytes(fixture)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5\n")]
    [InlineData("12ab\n")]
    [InlineData("99999999999999999999999\n")]
    public void Bad_cgroup_values_throw_a_parse_exception(string text)
    {
        Assert.Throws<ParseException>(() => CgroupValueParser.ParseValue(Encoding.ASCII.GetBytes(text)));
    }
}
