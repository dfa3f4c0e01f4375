namespace Stadtkern.Features.Sensing;

/// <summary>Limits of the SensorThings API, bound from the <c>Sensing</c> section.</summary>
public sealed class SensingOptions
{
    public const string Section = "Sensing";

    /// <summary>Entities per page when a request gives no <c>$top</c>. Default 100.</summary>
    public int DefaultTop { get; set; } = 100;

    /// <summary>The largest page; a larger <c>$top</c> is cut to it (the response then has an <c>@iot.nextLink</c>). Default 1000.</summary>
    public int MaxTop { get; set; } = 1000;

    /// <summary>How deep <c>$expand</c> may nest (<c>Things?$expand=Datastreams/Observations</c> is depth 2). Default 5.</summary>
    public int MaxExpandDepth { get; set; } = 5;

    /// <summary>Seconds one read statement may run before the request is answered with 503. Default 30.</summary>
    public int QueryTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// <c>@iot.count</c> is exact up to this many entities; above it PostgreSQL gives the planner's estimate. Observations without
    /// <c>$filter</c> (all, or a Datastream's) are always counted from the Datastreams' maintained counts. Default 100000.
    /// </summary>
    public long CountExactLimit { get; set; } = 100_000;

    /// <summary>
    /// PostgreSQL only: keep each Datastream's tenant and effective level in memory, so reads of its Observations that are
    /// certainly allowed (public, internal for members, stewards) skip the access check in SQL. Kept fresh by triggers and
    /// LISTEN/NOTIFY, and used only while the listener is connected (see docs/sensing/api.md, "Remembered access decisions"). Default true.
    /// </summary>
    public bool CacheAccess { get; set; } = true;
}
