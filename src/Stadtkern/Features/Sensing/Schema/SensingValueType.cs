namespace Stadtkern.Features.Sensing.Schema;

/// <summary>How a SensingThings property is stored, which decides how <c>$filter</c>, <c>$orderby</c> and the JSON writer treat it.</summary>
internal enum SensingValueType
{
    /// <summary>The <c>@iot.id</c>: a 64-bit integer column.</summary>
    Id,

    /// <summary>Text.</summary>
    String,

    /// <summary>A double-precision number.</summary>
    Number,

    /// <summary>An instant (timestamptz on PostgreSQL, 64-bit integer on SQLite via EF's DateTimeOffset binary converter).</summary>
    Time,

    /// <summary>An instant or an interval: <see cref="SensingProperty.Column"/> holds the start, <see cref="SensingProperty.EndColumn"/> the end (null for an instant).</summary>
    TimeInterval,

    /// <summary>A JSON document (jsonb on PostgreSQL, TEXT on SQLite): <c>properties</c>, <c>parameters</c>, <c>unitOfMeasurement</c>, ...</summary>
    Json,

    /// <summary>A GeoJSON geometry. <see cref="SensingProperty.Column"/> holds the GeoJSON text as given; the normalised geometry used by
    /// <c>geo.*</c>/<c>st_*</c> lives in the column named by <see cref="SensingProperty.GeometryColumn"/> (GeoJSON geometry object,
    /// on PostgreSQL with a generated PostGIS column <c>geom</c> beside it).</summary>
    Geometry,

    /// <summary>The Observation result: kind in <c>result_kind</c>, value in <c>result_number</c>, <c>result_string</c> or <c>result_json</c>.</summary>
    Result,
}
