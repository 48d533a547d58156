using Prometheus;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>
/// The registered prometheus-net collectors, one per descriptor of <see cref="ProcessFamilyTable"/>, in table
/// order. These families live in prometheus-net because its series can be removed: the OpenTelemetry SDK keeps
/// every attribute set a metric has ever seen under cumulative temporality and overflows after 2,000
/// (measured, docs/architecture.md), which a node's process churn reaches in hours.
/// </summary>
internal sealed class ProcessFamilies
{
    public ProcessFamilies(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        Process = Register(factory, ProcessFamilyTable.Process);
        Group = Register(factory, ProcessFamilyTable.Group);
        Container = Register(factory, ProcessFamilyTable.Container);
    }

    public IReadOnlyList<RegisteredFamily<RowValues>> Process { get; }

    public IReadOnlyList<RegisteredFamily<RowValues>> Group { get; }

    public IReadOnlyList<RegisteredFamily<ContainerValues>> Container { get; }

    private static RegisteredFamily<TRow>[] Register<TRow>(IMetricFactory factory, IReadOnlyList<FamilyDescriptor<TRow>> table) =>
        [.. table.Select(descriptor => new RegisteredFamily<TRow>(factory, descriptor))];
}
