using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace MemoryMonitor.Operations.Tests.Helm;

/// <summary>
/// A real helm 4 and the offline manifest validator, from helm/tests where scripts/install-test-deps.sh puts them:
/// helm/tests/node_modules (npm ci: kubernetes-models, @kubernetes-models/prometheus-operator, the kubectl layer) and
/// helm/tests/.tools/helm (extract-helm.sh takes it out of the layer's zip). Missing tools fail the test, naming the
/// script: the chart's rendering is part of its contract, so it must not quietly skip.
/// </summary>
internal static class HelmTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private static string Tools { get; } = RepositoryRoot.Combine("helm", "tests");

    private static string HelmPath { get; } = Path.Combine(Tools, ".tools", "helm");

    public static Task<string> LintAsync(IEnumerable<string> setArguments) =>
        RunHelmAsync(["lint", "--strict", Chart.Directory, .. setArguments]);

    public static Task<string> TemplateAsync(IEnumerable<string> setArguments) =>
        RunHelmAsync(["template", "memmon", Chart.Directory, "--namespace", "monitoring", .. setArguments]);

    /// <summary>Runs helm/tests/validate-manifests.mjs over <paramref name="manifests"/> (kept in artifacts/helm/NAME.yaml) and returns its report.</summary>
    public static async Task<string> ValidateAsync(string manifests, string name)
    {
        RequireInstalled();
        var file = RepositoryRoot.Combine("artifacts", "helm", $"{name}.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, manifests);
        return await ExternalCommand.RunAsync("node", [Path.Combine(Tools, "validate-manifests.mjs"), file], Timeout, Tools);
    }

    /// <summary>The objects of a multi-document `helm template` output, as JSON (empty documents dropped).</summary>
    public static IReadOnlyList<JsonObject> Objects(string manifests)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(manifests));
        return stream.Documents
            .Where(d => d.RootNode is YamlMappingNode)
            .Select(d => Chart.ToJson(d.RootNode)!.AsObject())
            .ToList();
    }

    private static Task<string> RunHelmAsync(string[] arguments)
    {
        RequireInstalled();
        return ExternalCommand.RunAsync(HelmPath, arguments, Timeout, RepositoryRoot.Path);
    }

    private static void RequireInstalled()
    {
        if (!File.Exists(HelmPath) || !Directory.Exists(Path.Combine(Tools, "node_modules", "kubernetes-models")))
        {
            Assert.Fail($"{HelmPath} or helm/tests/node_modules is missing: run scripts/install-test-deps.sh "
                + "(npm ci in helm/tests, then helm/tests/extract-helm.sh)");
        }
    }
}
