using System.Text.RegularExpressions;

namespace MemoryMonitor.Operations.Tests.Rules;

/// <summary>The anchors GitHub gives the headings of a Markdown file (lower case, punctuation dropped, spaces to '-').</summary>
internal static partial class MarkdownAnchors
{
    public static HashSet<string> Of(string markdown) =>
        markdown.Split('\n')
            .Where(line => line.StartsWith('#'))
            .Select(line => Slug(line.TrimStart('#').Trim()))
            .ToHashSet(StringComparer.Ordinal);

    public static string Slug(string heading) =>
        NotInAnchor().Replace(heading.ToLowerInvariant(), "").Replace(' ', '-');

    [GeneratedRegex(@"[^a-z0-9 _-]")]
    private static partial Regex NotInAnchor();
}
