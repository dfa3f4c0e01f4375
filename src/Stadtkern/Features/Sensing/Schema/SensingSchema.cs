namespace Stadtkern.Features.Sensing.Schema;

/// <summary>
/// The SensorThings 1.1 Sensing data model mapped onto Stadtkern's tables (migration V0008). This is the one description that the
/// request router, the query builder, the <c>$filter</c> translator and the JSON writer share; the tables must match it.
/// Property and navigation names are case-sensitive, as in the standard.
/// </summary>
internal static class SensingSchema
{
    private const SensingValueType Str = SensingValueType.String;
    private const SensingValueType Json = SensingValueType.Json;

    private static SensingProperty Id => new("id", "id", SensingValueType.Id);

    private static SensingProperty Name => new("name", "name", Str, Required: true);

    private static SensingProperty Description => new("description", "description", Str, Required: true);

    private static SensingProperty Properties => new("properties", "properties", Json);

    public static readonly SensingEntitySet Things = new(
        "Things", "Thing", "sensing_things", TenantOwned: true,
        [Id, Name, Description, Properties],
        [
            new("Locations", "Locations", IsCollection: true, LinkTable: "sensing_thing_locations", LinkThisColumn: "thing_id", LinkTargetColumn: "location_id"),
            new("HistoricalLocations", "HistoricalLocations", IsCollection: true, TargetForeignKey: "thing_id"),
            new("Datastreams", "Datastreams", IsCollection: true, TargetForeignKey: "thing_id"),
        ]);

    public static readonly SensingEntitySet Locations = new(
        "Locations", "Location", "sensing_locations", TenantOwned: true,
        [
            Id, Name, Description,
            new("encodingType", "encoding_type", Str, Required: true),
            new("location", "location", SensingValueType.Geometry, GeometryColumn: "geometry", Required: true),
            Properties,
        ],
        [
            new("Things", "Things", IsCollection: true, LinkTable: "sensing_thing_locations", LinkThisColumn: "location_id", LinkTargetColumn: "thing_id"),
            new("HistoricalLocations", "HistoricalLocations", IsCollection: true,
                LinkTable: "sensing_historical_location_locations", LinkThisColumn: "location_id", LinkTargetColumn: "historical_location_id"),
        ]);

    public static readonly SensingEntitySet HistoricalLocations = new(
        "HistoricalLocations", "HistoricalLocation", "sensing_historical_locations", TenantOwned: true,
        [Id, new("time", "time", SensingValueType.Time, Required: true)],
        [
            new("Thing", "Things", IsCollection: false, ForeignKey: "thing_id"),
            new("Locations", "Locations", IsCollection: true,
                LinkTable: "sensing_historical_location_locations", LinkThisColumn: "historical_location_id", LinkTargetColumn: "location_id"),
        ]);

    public static readonly SensingEntitySet Sensors = new(
        "Sensors", "Sensor", "sensing_sensors", TenantOwned: true,
        [
            Id, Name, Description,
            new("encodingType", "encoding_type", Str, Required: true),
            new("metadata", "metadata", Str, Required: true),
            Properties,
        ],
        [new("Datastreams", "Datastreams", IsCollection: true, TargetForeignKey: "sensor_id")]);

    public static readonly SensingEntitySet ObservedProperties = new(
        "ObservedProperties", "ObservedProperty", "sensing_observed_properties", TenantOwned: true,
        [Id, Name, new("definition", "definition", Str, Required: true), Description, Properties],
        [new("Datastreams", "Datastreams", IsCollection: true, TargetForeignKey: "observed_property_id")]);

    public static readonly SensingEntitySet Datastreams = new(
        "Datastreams", "Datastream", "sensing_datastreams", TenantOwned: true,
        [
            Id, Name, Description,
            new("unitOfMeasurement", "unit_of_measurement", Json, Required: true),
            new("observationType", "observation_type", Str, Required: true),
            new("observedArea", "observed_area", SensingValueType.Geometry, GeometryColumn: "observed_area"),
            new("phenomenonTime", "phenomenon_time_start", SensingValueType.TimeInterval, EndColumn: "phenomenon_time_end"),
            new("resultTime", "result_time_start", SensingValueType.TimeInterval, EndColumn: "result_time_end"),
            Properties,
        ],
        [
            new("Thing", "Things", IsCollection: false, ForeignKey: "thing_id"),
            new("Sensor", "Sensors", IsCollection: false, ForeignKey: "sensor_id"),
            new("ObservedProperty", "ObservedProperties", IsCollection: false, ForeignKey: "observed_property_id"),
            new("Observations", "Observations", IsCollection: true, TargetForeignKey: "datastream_id"),
        ]);

    public static readonly SensingEntitySet Observations = new(
        "Observations", "Observation", "sensing_observations", TenantOwned: false,
        [
            Id,
            new("phenomenonTime", "phenomenon_time_start", SensingValueType.TimeInterval, EndColumn: "phenomenon_time_end"),
            new("resultTime", "result_time", SensingValueType.Time),
            new("result", "result_number", SensingValueType.Result, Required: true),
            new("resultQuality", "result_quality", Json),
            new("validTime", "valid_time_start", SensingValueType.TimeInterval, EndColumn: "valid_time_end"),
            new("parameters", "parameters", Json),
        ],
        [
            new("Datastream", "Datastreams", IsCollection: false, ForeignKey: "datastream_id"),
            new("FeatureOfInterest", "FeaturesOfInterest", IsCollection: false, ForeignKey: "feature_of_interest_id"),
        ]);

    public static readonly SensingEntitySet FeaturesOfInterest = new(
        "FeaturesOfInterest", "FeatureOfInterest", "sensing_features_of_interest", TenantOwned: true,
        [
            Id, Name, Description,
            new("encodingType", "encoding_type", Str, Required: true),
            new("feature", "feature", SensingValueType.Geometry, GeometryColumn: "geometry", Required: true),
            Properties,
        ],
        [new("Observations", "Observations", IsCollection: true, TargetForeignKey: "feature_of_interest_id")]);

    /// <summary>All eight entity sets by their URL name.</summary>
    public static readonly IReadOnlyDictionary<string, SensingEntitySet> Sets =
        new[] { Things, Locations, HistoricalLocations, Datastreams, Sensors, ObservedProperties, Observations, FeaturesOfInterest }
            .ToDictionary(s => s.Name, StringComparer.Ordinal);

    /// <summary>Finds the entity set that a navigation property points to.</summary>
    public static SensingEntitySet TargetOf(SensingNavigation navigation) => Sets[navigation.Target];
}
