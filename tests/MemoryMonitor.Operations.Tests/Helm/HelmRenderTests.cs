using System.Text.Json.Nodes;

namespace MemoryMonitor.Operations.Tests.Helm;

/// <summary>
/// The chart through a real helm 4: `helm lint --strict` and `helm template` per value combination (the list of
/// .ci/helm-check.sh), each rendered object validated against the Kubernetes and prometheus-operator schemas, and what
/// the DaemonSet must hold for the optional host access (kubelet log tree, /dev/kmsg).
/// </summary>
[Trait("Category", "Integration")]
public sealed class HelmRenderTests
{
    /// <summary>Name, objects rendered, --set values. Keep in step with .ci/helm-check.sh.</summary>
    private static readonly Dictionary<string, (int Objects, string[] Values)> Combinations = new()
    {
        ["defaults"] = (3, []),
        ["monitoring"] = (8, ["prometheus.monitor.enabled=true", "prometheusRule.enabled=true", "dashboards.enabled=true",
            "prometheusRule.additionalLabels.release=kube-prometheus-stack"]),
        ["hostpath-state"] = (3, ["stateDir.type=hostPath"]),
        ["otlp"] = (3, ["otlp.endpoint=http://otel-collector:4318", "otlp.protocol=grpc"]),
        ["no-kubelet-logs"] = (3, ["kubeletLogs.enabled=false"]),
        ["kmsg"] = (3, ["oomKills.kmsg.enabled=true"]),
        ["all-on"] = (8, ["prometheus.monitor.enabled=true", "prometheusRule.enabled=true", "dashboards.enabled=true",
            "stateDir.type=hostPath", "otlp.endpoint=http://otel-collector:4318", "oomKills.kmsg.enabled=true"]),
    };

    public static TheoryData<string> CombinationNames => new(Combinations.Keys);

    [Theory]
    [MemberData(nameof(CombinationNames))]
    public async Task Lints_renders_and_every_object_satisfies_its_schema(string combination)
    {
        var (objects, values) = Combinations[combination];
        var sets = Sets(values);

        await HelmTool.LintAsync(sets);
        var manifests = await HelmTool.TemplateAsync(sets);
        var report = await HelmTool.ValidateAsync(manifests, combination);

        Assert.Contains($"{objects} objects valid", report, StringComparison.Ordinal);
        Assert.Equal(objects, HelmTool.Objects(manifests).Count);
    }

    [Fact]
    public async Task Kubelet_log_tree_is_on_by_default_read_only_and_passed_to_the_agent()
    {
        var daemonSet = await RenderDaemonSetAsync();

        Assert.Contains("--kubelet-logs=/host/var/log", Args(daemonSet));
        AssertReadOnlyHostMount(daemonSet, "/host/var/log/pods", "/var/log/pods", "DirectoryOrCreate");
        AssertReadOnlyHostMount(daemonSet, "/host/var/log/containers", "/var/log/containers", "DirectoryOrCreate");
    }

    [Fact]
    public async Task Kubelet_log_host_path_moves_both_folders()
    {
        var daemonSet = await RenderDaemonSetAsync("kubeletLogs.hostPath=/data/log/");

        AssertReadOnlyHostMount(daemonSet, "/host/var/log/pods", "/data/log/pods", "DirectoryOrCreate");
        AssertReadOnlyHostMount(daemonSet, "/host/var/log/containers", "/data/log/containers", "DirectoryOrCreate");
    }

    [Fact]
    public async Task Kubelet_logs_off_mounts_nothing_and_passes_no_flag()
    {
        var daemonSet = await RenderDaemonSetAsync("kubeletLogs.enabled=false");

        Assert.DoesNotContain(Args(daemonSet), a => a.StartsWith("--kubelet-logs", StringComparison.Ordinal));
        Assert.DoesNotContain(Mounts(daemonSet), m => m["mountPath"]!.GetValue<string>().StartsWith("/host/var/log", StringComparison.Ordinal));
        Assert.Equal(["/proc", "/sys"], HostPaths(daemonSet));
    }

    [Fact]
    public async Task Kmsg_is_off_by_default_no_device_and_no_SYSLOG()
    {
        var daemonSet = await RenderDaemonSetAsync();

        Assert.DoesNotContain(Mounts(daemonSet), m => m["mountPath"]!.GetValue<string>() == "/dev/kmsg");
        Assert.DoesNotContain("/dev/kmsg", HostPaths(daemonSet));
        Assert.Equal(["SYS_PTRACE", "DAC_READ_SEARCH"], CapabilitiesAdded(daemonSet));
    }

    [Fact]
    public async Task Kmsg_on_mounts_the_character_device_read_only_and_adds_SYSLOG()
    {
        var daemonSet = await RenderDaemonSetAsync("oomKills.kmsg.enabled=true");

        AssertReadOnlyHostMount(daemonSet, "/dev/kmsg", "/dev/kmsg", "CharDevice");
        Assert.Equal(["SYS_PTRACE", "DAC_READ_SEARCH", "SYSLOG"], CapabilitiesAdded(daemonSet));
        Assert.Equal(["ALL"], Container(daemonSet)["securityContext"]!["capabilities"]!["drop"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData("containerSecurityContext.capabilities.add={SYSLOG}")]
    [InlineData("containerSecurityContext.capabilities=null")]
    public async Task Kmsg_on_adds_SYSLOG_once_whatever_the_capabilities_value_holds(string capabilities)
    {
        var daemonSet = await RenderDaemonSetAsync("oomKills.kmsg.enabled=true", capabilities);

        Assert.Equal(["SYSLOG"], CapabilitiesAdded(daemonSet));
    }

    [Fact]
    public async Task Monitoring_on_renders_the_ServiceMonitor_the_labelled_PrometheusRule_and_one_ConfigMap_per_dashboard()
    {
        var objects = HelmTool.Objects(await HelmTool.TemplateAsync(Sets(Combinations["monitoring"].Values)));

        Assert.Single(objects, o => Kind(o) == "ServiceMonitor");
        var rule = Assert.Single(objects, o => Kind(o) == "PrometheusRule");
        Assert.Equal("kube-prometheus-stack", rule["metadata"]!["labels"]!["release"]!.GetValue<string>());
        Assert.NotEmpty(rule["spec"]!["groups"]!.AsArray());
        var dashboards = objects.Where(o => Kind(o) == "ConfigMap").ToList();
        Assert.Equal(Directory.EnumerateFiles(Chart.PathOf("dashboards"), "*.json").Count(), dashboards.Count);
        Assert.All(dashboards, d => Assert.Equal("1", d["metadata"]!["labels"]!["grafana_dashboard"]!.GetValue<string>()));
    }

    [Fact]
    public async Task HostPath_state_dir_and_OTLP_reach_the_DaemonSet()
    {
        var daemonSet = await RenderDaemonSetAsync("stateDir.type=hostPath", "otlp.endpoint=http://otel-collector:4318");

        var state = Volumes(daemonSet).Single(v => v["name"]!.GetValue<string>() == "state");
        Assert.Equal("/var/lib/memmon", state["hostPath"]!["path"]!.GetValue<string>());
        Assert.Contains("--otlp-interval=30s", Args(daemonSet));
        var env = Container(daemonSet)["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "OTEL_EXPORTER_OTLP_ENDPOINT")!;
        Assert.Equal("http://otel-collector:4318", env["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("oomKills.kmsg.enabeld=true", "enabeld")]
    [InlineData("kubeletLogs.hostPath=var/log", "kubeletLogs")]
    public async Task Helm_lint_enforces_values_schema(string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => HelmTool.LintAsync(Sets([value])));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    private static string[] Sets(IEnumerable<string> values) => values.SelectMany(v => new[] { "--set", v }).ToArray();

    private static async Task<JsonObject> RenderDaemonSetAsync(params string[] values) =>
        Assert.Single(HelmTool.Objects(await HelmTool.TemplateAsync(Sets(values))), o => Kind(o) == "DaemonSet");

    private static string Kind(JsonObject o) => o["kind"]!.GetValue<string>();

    private static JsonObject PodSpec(JsonObject daemonSet) => daemonSet["spec"]!["template"]!["spec"]!.AsObject();

    private static JsonObject Container(JsonObject daemonSet) => PodSpec(daemonSet)["containers"]!.AsArray().Single()!.AsObject();

    private static List<string> Args(JsonObject daemonSet) =>
        Container(daemonSet)["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();

    private static List<JsonObject> Mounts(JsonObject daemonSet) =>
        Container(daemonSet)["volumeMounts"]!.AsArray().Select(m => m!.AsObject()).ToList();

    private static List<JsonObject> Volumes(JsonObject daemonSet) =>
        PodSpec(daemonSet)["volumes"]!.AsArray().Select(v => v!.AsObject()).ToList();

    private static List<string> HostPaths(JsonObject daemonSet) =>
        Volumes(daemonSet).Where(v => v["hostPath"] is not null).Select(v => v["hostPath"]!["path"]!.GetValue<string>()).ToList();

    private static List<string> CapabilitiesAdded(JsonObject daemonSet) =>
        Container(daemonSet)["securityContext"]!["capabilities"]!["add"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();

    private static void AssertReadOnlyHostMount(JsonObject daemonSet, string mountPath, string hostPath, string type)
    {
        var mount = Assert.Single(Mounts(daemonSet), m => m["mountPath"]!.GetValue<string>() == mountPath);
        Assert.True(mount["readOnly"]?.GetValue<bool>() == true, $"{mountPath} is not mounted read-only");
        var volume = Assert.Single(Volumes(daemonSet), v => v["name"]!.GetValue<string>() == mount["name"]!.GetValue<string>());
        Assert.Equal(hostPath, volume["hostPath"]!["path"]!.GetValue<string>());
        Assert.Equal(type, volume["hostPath"]!["type"]!.GetValue<string>());
    }
}
