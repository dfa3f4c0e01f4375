namespace Stadtkern.Features.Sensing.Schema;

/// <summary>One property of a SensorThings entity and the column(s) that store it.</summary>
/// <param name="Name">The property name in the SensorThings JSON (<c>phenomenonTime</c>).</param>
/// <param name="Column">The column (<c>phenomenon_time_start</c>).</param>
/// <param name="Type">How it is stored.</param>
/// <param name="EndColumn">For <see cref="SensingValueType.TimeInterval"/>: the column of the interval end.</param>
/// <param name="GeometryColumn">For <see cref="SensingValueType.Geometry"/>: the column with the normalised GeoJSON geometry.</param>
/// <param name="Required">True when a create request must give it.</param>
internal sealed record SensingProperty(
    string Name,
    string Column,
    SensingValueType Type,
    string? EndColumn = null,
    string? GeometryColumn = null,
    bool Required = false);
