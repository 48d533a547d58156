using System.Text.Json;

namespace MemoryMonitor.Benchmarks.Nab;

/// <summary>A NAB application profile: the cost matrix of config/profiles.json (tnWeight is unused by NAB's scorer).</summary>
internal sealed record NabProfile(string Name, double TpWeight, double FpWeight, double FnWeight)
{
    public static IReadOnlyList<NabProfile> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var profiles = new List<NabProfile>();
        foreach (var profile in document.RootElement.EnumerateObject())
        {
            var costs = profile.Value.GetProperty("CostMatrix");
            profiles.Add(new NabProfile(
                profile.Name,
                costs.GetProperty("tpWeight").GetDouble(),
                costs.GetProperty("fpWeight").GetDouble(),
                costs.GetProperty("fnWeight").GetDouble()));
        }

        return profiles;
    }
}
