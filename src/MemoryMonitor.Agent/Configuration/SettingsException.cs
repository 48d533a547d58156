namespace MemoryMonitor.Agent.Configuration;

/// <summary>A configuration value that cannot be used; the message names the setting, the value and what is valid.</summary>
public sealed class SettingsException : Exception
{
    public SettingsException(string message)
        : base(message)
    {
    }

    public SettingsException()
    {
    }

    public SettingsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
