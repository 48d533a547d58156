using Prometheus;

namespace MemoryMonitor.Export.ProcessSeries;

/// <summary>A descriptor's prometheus-net collector in one registry: the one place that knows gauges are set and counters raised.</summary>
internal sealed class RegisteredFamily<TRow>
{
    private readonly Gauge? _gauge;
    private readonly Counter? _counter;

    public RegisteredFamily(IMetricFactory factory, FamilyDescriptor<TRow> descriptor)
    {
        Descriptor = descriptor;

        // No series until a row writes one: a zero would read as "this process uses no memory".
        if (descriptor.Kind == FamilyKind.Counter)
        {
            _counter = factory.CreateCounter(descriptor.Name, descriptor.Help, descriptor.LabelNames, new CounterConfiguration { SuppressInitialValue = true });
        }
        else
        {
            _gauge = factory.CreateGauge(descriptor.Name, descriptor.Help, descriptor.LabelNames, new GaugeConfiguration { SuppressInitialValue = true });
        }
    }

    public FamilyDescriptor<TRow> Descriptor { get; }

    public void Set(string[] labels, double value)
    {
        if (_counter is not null)
        {
            _counter.WithLabels(labels).IncTo(value);
        }
        else
        {
            _gauge!.WithLabels(labels).Set(value);
        }
    }

    public void Remove(string[] labels)
    {
        if (_counter is not null)
        {
            _counter.RemoveLabelled(labels);
        }
        else
        {
            _gauge!.RemoveLabelled(labels);
        }
    }
}
