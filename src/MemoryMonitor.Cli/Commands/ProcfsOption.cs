using System.CommandLine;

namespace MemoryMonitor.Cli.Commands;

/// <summary>The `--procfs` option every verb that reads this machine shares, and its one check.</summary>
internal static class ProcfsOption
{
    public static Option<string> Create(string description = "Where procfs is mounted.") =>
        new("--procfs") { Description = description, DefaultValueFactory = _ => "/proc" };

    /// <summary>The problem with a procfs root, in the CLI's one-line form, or null when it looks like procfs.</summary>
    public static string? Problem(string root) =>
        File.Exists(Path.Combine(root, "meminfo")) ? null : $"--procfs: '{root}' is not a procfs mount (no meminfo in it)";
}
