namespace MemoryMonitor.Agent.Configuration;

/// <summary>
/// Builds <see cref="AgentOptions"/> from flags, environment and file by enumerating <see cref="AgentSettings"/>,
/// then validates them: every bad value is reported at once in one <see cref="SettingsException"/>, each naming
/// the setting, its source, the value and what is valid.
/// </summary>
public static class AgentOptionsLoader
{
    public static AgentOptions Load(SettingSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var problems = new List<string>();
        foreach (var unknown in sources.UnknownFileKeys(AgentSettings.FileKeys))
        {
            problems.Add($"config file {sources.FilePath}: unknown setting \"{unknown}\"; known: {string.Join(", ", AgentSettings.FileKeys.Where(k => k != AgentSettings.Config.Flag))}");
        }

        var options = new AgentOptions();
        foreach (var setting in AgentSettings.All)
        {
            options = setting.Load(options, sources, problems);
        }

        // A value refused above was left at its default, so this pass adds only what no source set.
        problems.AddRange(AgentOptionsValidator.Problems(options));
        if (problems.Count > 0)
        {
            throw AgentOptionsValidator.Refused(problems);
        }

        return options;
    }
}
