using System.Diagnostics.Metrics;

namespace Stadtkern.Platform.Metrics;

internal enum Aggregation
{
    Sum,
    LastValue,
    Histogram,
}

/// <summary>How an instrument maps onto Prometheus: which aggregate it keeps and which TYPE it is exposed as.</summary>
internal readonly record struct MetricKind(Aggregation Aggregation, MetricType Type, bool IsObservable)
{
    public static MetricKind? Of(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return new(Aggregation.Sum, MetricType.Counter, false);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return new(Aggregation.Sum, MetricType.Gauge, false);
        }

        if (definition == typeof(Histogram<>))
        {
            return new(Aggregation.Histogram, MetricType.Histogram, false);
        }

        if (definition == typeof(Gauge<>))
        {
            return new(Aggregation.LastValue, MetricType.Gauge, false);
        }

        // Observable callbacks report the current total, so every observable instrument keeps its last value.
        if (definition == typeof(ObservableCounter<>))
        {
            return new(Aggregation.LastValue, MetricType.Counter, true);
        }

        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>))
        {
            return new(Aggregation.LastValue, MetricType.Gauge, true);
        }

        return null;
    }
}
