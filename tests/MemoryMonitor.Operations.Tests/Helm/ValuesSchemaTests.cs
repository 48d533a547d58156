using System.Text.Json.Nodes;
using Json.Schema;

namespace MemoryMonitor.Operations.Tests.Helm;

public sealed class ValuesSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Chart.PathOf("values.schema.json")));

    [Fact]
    public void Default_values_satisfy_the_schema()
    {
        var result = Evaluate(Chart.LoadValues());
        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [InlineData("hostPID", "\"yes\"")]
    [InlineData("service.port", "70000")]
    [InlineData("service.portName", "\"Metrics_Port\"")]
    [InlineData("agent.interval", "\"fifteen seconds\"")]
    [InlineData("agent.topProcesses", "0")]
    [InlineData("agent.maxAnalysedProcesses", "0")]
    [InlineData("otlp.endpoint", "\"collector:4318\"")]
    [InlineData("stateDir.type", "\"persistentVolume\"")]
    [InlineData("updateStrategy.type", "\"Recreate\"")]
    [InlineData("extraArgs", "[\"interval=1s\"]")]
    [InlineData("prometheus.monitor.enabeld", "true")]
    [InlineData("kubeletLogs.hostPath", "\"var/log\"")]
    [InlineData("oomKills.kmsg.enabled", "\"yes\"")]
    public void Schema_rejects_a_wrong_value(string path, string json)
    {
        var values = Chart.LoadValues()!;
        var keys = path.Split('.');
        var parent = keys[..^1].Aggregate(values, (node, key) => node[key]!);
        parent[keys[^1]] = JsonNode.Parse(json);

        Assert.False(Evaluate(values).IsValid, $"{path}: {json} passed the schema");
    }

    [Fact]
    public void Defaults_are_the_node_exporter_conventions_the_daemonset_relies_on()
    {
        var values = Chart.LoadValues()!;
        Assert.True(values["hostPID"]!.GetValue<bool>());
        Assert.Equal(65534, values["securityContext"]!["runAsUser"]!.GetValue<long>());
        Assert.True(values["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.True(values["containerSecurityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal(["ALL"], values["containerSecurityContext"]!["capabilities"]!["drop"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["SYS_PTRACE", "DAC_READ_SEARCH"], values["containerSecurityContext"]!["capabilities"]!["add"]!.AsArray().Select(n => n!.GetValue<string>()));
        var toleration = Assert.Single(values["tolerations"]!.AsArray())!;
        Assert.Equal("Exists", toleration["operator"]!.GetValue<string>());
        Assert.Equal("NoSchedule", toleration["effect"]!.GetValue<string>());
        Assert.Equal("RollingUpdate", values["updateStrategy"]!["type"]!.GetValue<string>());
        Assert.Equal(1, values["updateStrategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<long>());
        Assert.Equal(9897, values["service"]!["port"]!.GetValue<long>());
        Assert.Equal("metrics", values["service"]!["portName"]!.GetValue<string>());
    }

    private static EvaluationResults Evaluate(JsonNode? values) =>
        Schema.Evaluate(Chart.ToElement(values), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Describe(EvaluationResults result) => string.Join("; ",
        (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(", ", d.Errors!.Values)}"));
}
