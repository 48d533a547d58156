namespace MemoryMonitor.Collection.Tests;

/// <summary>Reads a parser fixture copied next to the test assembly (see Fixtures/README.md).</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static IEnumerable<string> All(string folder) =>
        Directory.EnumerateFiles(PathOf(folder)).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order();
}
