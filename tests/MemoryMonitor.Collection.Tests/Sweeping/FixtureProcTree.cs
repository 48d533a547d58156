namespace MemoryMonitor.Collection.Tests.Sweeping;

/// <summary>A procfs and sysfs laid out in a temp folder from fixture files, for kernels and hosts this machine is not.</summary>
internal sealed class FixtureProcTree : IDisposable
{
    public FixtureProcTree()
    {
        Root = Directory.CreateTempSubdirectory("memmon-proc-").FullName;
        Directory.CreateDirectory(ProcRoot);
        Directory.CreateDirectory(SysRoot);
    }

    public string Root { get; }

    public string ProcRoot => Path.Combine(Root, "proc");

    public string SysRoot => Path.Combine(Root, "sys");

    public FixtureProcTree Proc(string relativePath, string fixture) => Copy(Path.Combine(ProcRoot, relativePath), fixture);

    public FixtureProcTree ProcText(string relativePath, string text) => Write(Path.Combine(ProcRoot, relativePath), text);

    public FixtureProcTree Sys(string relativePath, string fixture) => Copy(Path.Combine(SysRoot, relativePath), fixture);

    public FixtureProcTree SysText(string relativePath, string text) => Write(Path.Combine(SysRoot, relativePath), text);

    public FixtureProcTree Delete(string relativePathUnderRoot)
    {
        File.Delete(Path.Combine(Root, relativePathUnderRoot));
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private FixtureProcTree Copy(string destination, string fixture) => Write(destination, File.ReadAllText(Fixture.PathOf(fixture)));

    private FixtureProcTree Write(string destination, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.WriteAllText(destination, text);
        return this;
    }
}
