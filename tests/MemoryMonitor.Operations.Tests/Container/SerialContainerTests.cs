namespace MemoryMonitor.Operations.Tests.Container;

/// <summary>Container tests run one after another: two cores, and the end-to-end test's timings should not share them.</summary>
[CollectionDefinition(Name)]
public sealed class SerialContainerTests
{
    public const string Name = "containers";
}
