using MemoryMonitor.Collection.Containers;
using MemoryMonitor.Collection.Kernel;
using MemoryMonitor.Collection.Parsing;

namespace MemoryMonitor.Collection.Tests.Kernel;

/// <summary>How kills are told from the cgroups' counters when the kernel log cannot be read.</summary>
public sealed class CgroupOomKillCounterTests
{
    private const string Pod = "6f1d2c3b-1a2b-4c5d-8e9f-0a1b2c3d4e5f";
    private readonly CgroupOomKillCounter _counter = new();
    private readonly List<OomKillRecord> _kills = [];

    [Fact]
    public void A_first_reading_is_a_baseline_and_each_rise_is_that_many_kills_in_the_container()
    {
        var app = Container('a', Pod, oomKills: 3, podOomKills: 3);

        Count([app]);
        Assert.Empty(_kills);

        app.Events = app.Events with { OomKill = 5 };
        app.PodOomKills = 5;
        Count([app]);
        Assert.Equal(2, _kills.Count);
        Assert.All(_kills, k => Assert.Equal((OomKillForm.CgroupCounter, 0, string.Empty, app.Identity), (k.Form, k.Pid, k.Comm, k.Container)));

        Count([app]);
        Assert.Empty(_kills);
    }

    [Fact]
    public void A_kill_that_ended_its_container_is_seen_in_the_pod_and_given_to_the_container_that_exited()
    {
        var app = Container('a', Pod, oomKills: 0, podOomKills: 0);
        var sidecar = Container('b', Pod, oomKills: 0, podOomKills: 0);
        Count([app, sidecar]);

        // The kill ended app; the kubelet's restart is a new cgroup, first seen now.
        var restarted = Container('c', Pod, oomKills: 0, podOomKills: 1);
        sidecar.PodOomKills = 1;
        Count([sidecar, restarted], exited: [app]);

        var kill = Assert.Single(_kills);
        Assert.Equal(app.Identity, kill.Container);
    }

    [Fact]
    public void Kills_the_live_containers_explain_are_not_counted_again_for_the_pod()
    {
        var app = Container('a', Pod, oomKills: 0, podOomKills: 0);
        Count([app]);

        app.Events = app.Events with { OomKill = 1 };
        app.PodOomKills = 1;
        Count([app]);

        Assert.Equal(app.Identity, Assert.Single(_kills).Container);
    }

    [Fact]
    public void A_pod_kill_with_several_containers_gone_is_given_to_the_pod_alone()
    {
        var a = Container('a', Pod, oomKills: 0, podOomKills: 0);
        var b = Container('b', Pod, oomKills: 0, podOomKills: 0);
        var c = Container('c', Pod, oomKills: 0, podOomKills: 0);
        Count([a, b, c]);

        c.PodOomKills = 1;
        Count([c], exited: [a, b]);

        Assert.Equal(new ContainerIdentity(string.Empty, Pod), Assert.Single(_kills).Container);
    }

    [Fact]
    public void Unknown_counters_and_containers_outside_pods_count_nothing_at_the_pod_level()
    {
        var docker = Container('d', string.Empty, oomKills: -1, podOomKills: -1);
        Count([docker]);
        docker.Events = docker.Events with { OomKill = 1 };
        Count([docker]);
        Assert.Empty(_kills);

        docker.Events = docker.Events with { OomKill = 2 };
        Count([docker]);
        Assert.Equal(docker.Identity, Assert.Single(_kills).Container);
    }

    private void Count(IReadOnlyList<ContainerCgroup> live, IReadOnlyList<ContainerCgroup>? exited = null)
    {
        _kills.Clear();
        _counter.Count(live, exited ?? [], _kills);
    }

    private static ContainerCgroup Container(char id, string podUid, long oomKills, long podOomKills) =>
        new(new ContainerIdentity(new string(id, 64), podUid), CgroupMemoryFiles.V2("/sys/fs/cgroup", ["kubepods.slice", "pod", new string(id, 64)]))
        {
            Events = ContainerMemoryEvents.Unknown with { OomKill = oomKills },
            PodOomKills = podOomKills,
        };
}
