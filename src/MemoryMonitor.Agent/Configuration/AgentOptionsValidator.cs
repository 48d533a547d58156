namespace MemoryMonitor.Agent.Configuration;

/// <summary>
/// The one validation pass over <see cref="AgentOptions"/>, however they were made (loaded or built in code):
/// every setting's check from <see cref="AgentSettings"/>, then the values no flag sets. It reports every
/// problem at once, so fixing a configuration takes one round trip, not one per mistake.
/// </summary>
internal static class AgentOptionsValidator
{
    private static readonly SettingKind<TimeSpan> PositiveDuration = SettingKinds.Duration(zeroTurnsOff: false);

    /// <summary>One line per problem, each naming the setting (its flag, or the property for those without one), the value and what is valid.</summary>
    public static IReadOnlyList<string> Problems(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var setting in AgentSettings.All)
        {
            if (setting.Problem(options) is { } problem)
            {
                problems.Add(problem);
            }
        }

        CheckDuration(problems, "BaselineRetryInterval", options.BaselineRetryInterval);
        CheckDuration(problems, "Collection.SlowSmapsRead", options.Collection.SlowSmapsRead);
        foreach (var problem in options.Analysis.Problems())
        {
            problems.Add($"Analysis.{problem}");
        }

        return problems;
    }

    /// <summary>Throws one <see cref="SettingsException"/> carrying every problem, joined into one line.</summary>
    public static void ThrowIfInvalid(AgentOptions options)
    {
        if (Problems(options) is { Count: > 0 } problems)
        {
            throw Refused(problems);
        }
    }

    public static SettingsException Refused(IReadOnlyList<string> problems) => new(string.Join("; ", problems));

    private static void CheckDuration(List<string> problems, string property, TimeSpan value)
    {
        if (PositiveDuration.Check(value) is { } problem)
        {
            problems.Add($"{property}: '{PositiveDuration.Format(value)}' {problem}");
        }
    }
}
