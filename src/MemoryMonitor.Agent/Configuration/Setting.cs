namespace MemoryMonitor.Agent.Configuration;

/// <summary>
/// One setting of `memmon serve`, declared once: its flag (also its config-file key), its MEMMON_* variable,
/// an optional standard OTEL_* variable, its help, its default (read from <see cref="AgentOptions"/>, never
/// retyped) and how its value is read into options and checked there.
/// </summary>
internal sealed class Setting
{
    private readonly Func<AgentOptions, string, (AgentOptions Options, string? Problem)> _apply;
    private readonly Func<AgentOptions, (string Shown, string Problem)?> _check;

    private Setting(
        string flag,
        string help,
        string? standardVariable,
        string? defaultText,
        Func<AgentOptions, string, (AgentOptions Options, string? Problem)> apply,
        Func<AgentOptions, (string Shown, string Problem)?> check)
    {
        Flag = flag;
        Help = help;
        StandardVariable = standardVariable;
        DefaultText = defaultText;
        _apply = apply;
        _check = check;
    }

    /// <summary>The flag without its dashes; the config-file key is the same name.</summary>
    public string Flag { get; }

    public string EnvironmentVariable => SettingSources.EnvironmentName(Flag);

    /// <summary>A standard OpenTelemetry variable read when neither flag, MEMMON_* variable nor file sets this, so existing collector setups just work.</summary>
    public string? StandardVariable { get; }

    /// <summary>The default as help prints it; null when there is none to print.</summary>
    public string? DefaultText { get; }

    /// <summary>What the setting does, without its default or variables (<see cref="HelpText"/> adds those).</summary>
    public string Help { get; }

    /// <summary>The help line: what it does, the standard variable if any, and the default, each once.</summary>
    public string HelpText =>
        Help
        + (StandardVariable is null ? string.Empty : $" Also {StandardVariable}.")
        + (DefaultText is null ? string.Empty : $" Default {DefaultText}.");

    /// <summary>A setting bound to a value in <see cref="AgentOptions"/>; its default is that value in a fresh <see cref="AgentOptions"/>.</summary>
    public static Setting Of<T>(
        string flag,
        string help,
        SettingKind<T> kind,
        Func<AgentOptions, T> get,
        Func<AgentOptions, T, AgentOptions> set,
        string? standardVariable = null) =>
        new(
            flag,
            help,
            standardVariable,
            kind.Format(get(new AgentOptions())),
            (options, text) =>
            {
                var (value, problem) = kind.Parse(text);
                return problem is null ? (set(options, value), null) : (options, problem);
            },
            options => kind.Check(get(options)) is { } problem ? (kind.Format(get(options)), problem) : null);

    /// <summary>A setting read before the others and not held in options (the config file's own path).</summary>
    public static Setting Unbound(string flag, string help) => new(flag, help, null, null, (options, _) => (options, null), _ => null);

    /// <summary>
    /// Applies the strongest source that sets this (flag, MEMMON_* variable, file, standard variable) to
    /// <paramref name="options"/>; a value that cannot be used adds one line to <paramref name="problems"/> and leaves options as they were.
    /// </summary>
    public AgentOptions Load(AgentOptions options, SettingSources sources, List<string> problems)
    {
        var found = sources.Lookup(Flag) ?? (StandardVariable is null ? null : sources.LookupStandard(StandardVariable));
        if (found is not { } setting)
        {
            return options;
        }

        try
        {
            var (applied, problem) = _apply(options, setting.Value);
            if (problem is null)
            {
                return applied;
            }

            problems.Add($"{setting.Source}: '{setting.Value}' {problem}");
        }
        catch (SettingsException e)
        {
            problems.Add(e.Message);
        }

        return options;
    }

    /// <summary>The problem with this setting's value in options built in code, named by its flag; null when it is usable.</summary>
    public string? Problem(AgentOptions options) => _check(options) is { } bad ? $"--{Flag}: '{bad.Shown}' {bad.Problem}" : null;
}
