namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>The SensorThings MQTT extension, bound from <c>Sensing:Mqtt</c>. Only active when <c>Mqtt:Url</c> is set.</summary>
internal sealed class SensingMqttOptions
{
    public const string Section = "Sensing:Mqtt";

    /// <summary>Publish new and changed public entities and observations. Default true.</summary>
    public bool Publish { get; set; } = true;

    /// <summary>Store observations published by clients to <c>v1.1/Datastreams(n)/Observations</c>. Default true.</summary>
    public bool Ingest { get; set; } = true;

    /// <summary>
    /// The public address of this service (scheme, host, path base; e.g. <c>https://daten.stadt.example</c>), used for
    /// <c>@iot.selfLink</c>s in publications, which have no request to take it from. Default <c>http://localhost</c>.
    /// </summary>
    public string PublicUrl { get; set; } = "http://localhost";

    /// <summary>
    /// Seconds the MQTT ingest keeps what it looked up about a Datastream (exists in the tenant, default FeatureOfInterest).
    /// Writes through this instance's SensorThings API refresh it at once; this bounds how long changes made elsewhere
    /// (another instance, the UI) take to be seen. Default 30.
    /// </summary>
    public int CacheSeconds { get; set; } = 30;

    /// <summary>Changes waiting to be published; beyond that they are dropped (and counted). Default 10000.</summary>
    public int QueueCapacity { get; set; } = 10_000;
}
