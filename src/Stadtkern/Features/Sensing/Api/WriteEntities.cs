using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using static Stadtkern.Features.Sensing.Api.BodyValues;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>
/// POST (with deep insert and links to existing entities), PATCH, PUT and DELETE of SensorThings entities, and <c>$ref</c> links.
/// Entities are written with EF in one transaction; Observations go through <see cref="IObservationWriter"/> after that commit.
/// The caller has checked the write permission.
/// </summary>
internal sealed partial class WriteEntities(StadtkernDb db, SensingSql sql, IObservationWriter writer, TimeProvider clock, TenantContext tenant)
{
    /// <summary>Its statements run on the context's connection, in the transactions it opens there.</summary>
    private readonly SensingSql sql = sql.ShareContextConnection();

    private readonly List<IncomingObservation> pending = [];

    private SensingVisibility Everything => SensingVisibility.Everything(tenant.TenantId);

    /// <summary>
    /// Creates the entity of <paramref name="body"/> in the collection at <paramref name="path"/>; returns its set and id, and whether it is
    /// new (false: an Observation that was stored before, whose id is returned).
    /// </summary>
    public async Task<(SensingEntitySet Set, long Id, bool Created)> CreateAsync(SensingPath path, JsonObject body, CancellationToken cancellationToken)
    {
        if (!path.IsCollection || path.Ref)
        {
            throw new SensingException(StatusCodes.Status405MethodNotAllowed, "POST creates entities in a collection; this path is not one.");
        }

        var set = path.Last.Set;
        if (path.Steps.Count > 1)
        {
            // POST /Things(1)/Datastreams: the new entity links to its parent through the inverse navigation.
            var parent = path.Steps[^2];
            var parentId = await ResolveIdAsync(path.Parent, cancellationToken);
            var via = path.Last.Via!;
            var inverse = set.Navigations.FirstOrDefault(n => n.Target == parent.Set.Name
                && ((via.TargetForeignKey is { } fk && n.ForeignKey == fk) || (via.LinkTable is { } link && n.LinkTable == link)))
                ?? throw SensingException.BadRequest($"Entities cannot be created through {parent.Set.EntityName}/{via.Name}.");
            var reference = new JsonObject { ["@iot.id"] = parentId };
            body[inverse.Name] = inverse.IsCollection ? new JsonArray(reference) : reference;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        long id = 0;
        if (set != SensingSchema.Observations)
        {
            id = await CreateAsync(set, body, cancellationToken);
        }
        else
        {
            await CreateObservationAsync(body, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var written = await FlushObservationsAsync(cancellationToken);
        if (set == SensingSchema.Observations)
        {
            id = written.ObservationIds[0] ?? throw new SensingException(StatusCodes.Status409Conflict,
                "An Observation with the same Datastream, phenomenonTime and result exists already.");
            return (set, id, written.Outcomes[0] == IngestOutcome.Stored);
        }

        return (set, id, true);
    }

    private async Task<IngestResult> FlushObservationsAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return new IngestResult([], []);
        }

        var result = await writer.WriteAsync(pending.ToArray(), null, tenant.TenantId, cancellationToken);
        pending.Clear();
        if (result.Outcomes.Any(o => o == IngestOutcome.Rejected))
        {
            throw SensingException.BadRequest("An Observation was rejected (its result cannot be stored).");
        }

        return result;
    }

    /// <summary>Creates one entity (and what it carries inline) and returns its id.</summary>
    private Task<long> CreateAsync(SensingEntitySet set, JsonObject body, CancellationToken cancellationToken) => set.Name switch
    {
        "Things" => CreateThingAsync(body, cancellationToken),
        "Locations" => CreateLocationAsync(body, cancellationToken),
        "HistoricalLocations" => CreateHistoricalLocationAsync(body, cancellationToken),
        "Sensors" => CreateSensorAsync(body, cancellationToken),
        "ObservedProperties" => CreateObservedPropertyAsync(body, cancellationToken),
        "Datastreams" => CreateDatastreamAsync(body, cancellationToken),
        "FeaturesOfInterest" => CreateFeatureOfInterestAsync(body, cancellationToken),
        _ => throw SensingException.BadRequest("Observations cannot be created here."),
    };

    /// <summary>The id of a nested entity: an existing one (<c>{"@iot.id": 5}</c>, checked) or a new one created inline.</summary>
    private async Task<long> ResolveOrCreateAsync(SensingEntitySet set, JsonNode? node, string what, CancellationToken cancellationToken)
    {
        var item = AsObject(node, what);
        if (LinkId(item) is { } id)
        {
            await RequireExistsAsync(set, id, cancellationToken);
            return id;
        }

        return await CreateAsync(set, item, cancellationToken);
    }

    private async Task RequireExistsAsync(SensingEntitySet set, long id, CancellationToken cancellationToken)
    {
        var parameters = sql.NewParameters();
        var found = await sql.ScalarAsync(
            $"SELECT COUNT(*) FROM {set.Table} e0 WHERE e0.id = {parameters.Add(id)} AND {Everything.Predicate(set, "e0", parameters)}", parameters, cancellationToken);
        if (found == 0)
        {
            throw SensingException.BadRequest($"No {set.EntityName} with @iot.id {Format(id)}.");
        }
    }

    /// <summary>The id of the entity a path addresses (an id step or a to-one navigation); 404 when there is none.</summary>
    public async Task<long> ResolveIdAsync(SensingPath path, CancellationToken cancellationToken)
    {
        var parameters = sql.NewParameters();
        var condition = ReadEntities.Condition(path.Steps, path.Steps.Count - 1, "e0", parameters, Everything);
        var ids = await sql.ReadAsync($"SELECT e0.id FROM {path.Last.Set.Table} e0 WHERE {condition} LIMIT 1", parameters,
            r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);
        return ids.Count > 0 ? ids[0] : throw SensingException.NotFound();
    }

    private static string AccessLevel(JsonObject body, string? fallback)
    {
        var level = OptionalString(body, AccessLevelKey);
        if (level is null)
        {
            return fallback!;
        }

        return SensingAccessLevels.IsKnown(level)
            ? level
            : throw SensingException.BadRequest($"'{AccessLevelKey}' must be one of {string.Join(", ", SensingAccessLevels.All)}.");
    }

    private async Task<long> CreateThingAsync(JsonObject body, CancellationToken cancellationToken)
    {
        CheckKeys(body, SensingSchema.Things);
        var now = clock.GetStoredNow();
        var thing = new Thing
        {
            Name = RequiredString(body, "name", "Thing"),
            Description = RequiredString(body, "description", "Thing"),
            Properties = ObjectText(body, "properties"),
            AccessLevel = AccessLevel(body, SensingAccessLevels.Public),
            Created = now,
            Modified = now,
        };
        db.Add(thing);
        await db.SaveChangesAsync(cancellationToken);

        var locations = new List<long>();
        foreach (var location in Objects(body, "Locations"))
        {
            locations.Add(await ResolveOrCreateAsync(SensingSchema.Locations, location, "A Location", cancellationToken));
        }

        await SetLocationsAsync(thing.Id, locations, replace: false, cancellationToken);
        foreach (var datastream in Objects(body, "Datastreams"))
        {
            datastream["Thing"] = new JsonObject { ["@iot.id"] = thing.Id };
            await ResolveOrCreateAsync(SensingSchema.Datastreams, datastream, "A Datastream", cancellationToken);
        }

        foreach (var historical in Objects(body, "HistoricalLocations"))
        {
            historical["Thing"] = new JsonObject { ["@iot.id"] = thing.Id };
            await ResolveOrCreateAsync(SensingSchema.HistoricalLocations, historical, "A HistoricalLocation", cancellationToken);
        }

        return thing.Id;
    }

    /// <summary>Links Locations to a Thing (replacing its current ones if asked) and records the move as a HistoricalLocation.</summary>
    private async Task SetLocationsAsync(long thingId, IReadOnlyCollection<long> locationIds, bool replace, CancellationToken cancellationToken)
    {
        var links = await db.Set<ThingLocation>().Where(l => l.ThingId == thingId).ToListAsync(cancellationToken);
        var existing = links.Select(l => l.LocationId).ToList();
        var wanted = locationIds.Distinct().ToList();
        if (replace)
        {
            db.RemoveRange(links.Where(l => !wanted.Contains(l.LocationId)));
        }

        foreach (var id in wanted.Where(id => !existing.Contains(id)))
        {
            db.Add(new ThingLocation { ThingId = thingId, LocationId = id });
        }

        if (wanted.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var historical = new HistoricalLocation { ThingId = thingId, Time = clock.GetStoredNow() };
        db.Add(historical);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var id in replace ? wanted : existing.Concat(wanted).Distinct())
        {
            db.Add(new HistoricalLocationLocation { HistoricalLocationId = historical.Id, LocationId = id });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<long> CreateLocationAsync(JsonObject body, CancellationToken cancellationToken)
    {
        CheckKeys(body, SensingSchema.Locations);
        var geo = Geo(body, "location", required: true, "Location");
        var location = new Location
        {
            Name = RequiredString(body, "name", "Location"),
            Description = RequiredString(body, "description", "Location"),
            EncodingType = RequiredString(body, "encodingType", "Location"),
            Properties = ObjectText(body, "properties"),
        };
        SetGeo(location, geo);
        db.Add(location);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var thing in Objects(body, "Things"))
        {
            var thingId = await ResolveOrCreateAsync(SensingSchema.Things, thing, "A Thing", cancellationToken);
            await SetLocationsAsync(thingId, [location.Id], replace: false, cancellationToken);
        }

        return location.Id;
    }

    private static void SetGeo(Location location, GeoValue geo)
    {
        location.LocationJson = geo.Given;
        location.Geometry = geo.Geometry;
        (location.MinX, location.MinY, location.MaxX, location.MaxY) = (geo.MinX, geo.MinY, geo.MaxX, geo.MaxY);
    }

    private static void SetGeo(FeatureOfInterest feature, GeoValue geo)
    {
        feature.Feature = geo.Given;
        feature.Geometry = geo.Geometry;
        (feature.MinX, feature.MinY, feature.MaxX, feature.MaxY) = (geo.MinX, geo.MinY, geo.MaxX, geo.MaxY);
    }

    private async Task<long> CreateHistoricalLocationAsync(JsonObject body, CancellationToken cancellationToken)
    {
        CheckKeys(body, SensingSchema.HistoricalLocations);
        var time = Instant(body, "time") ?? throw SensingException.BadRequest("HistoricalLocation: 'time' is required.");
        var thingId = await ResolveOrCreateAsync(SensingSchema.Things, body["Thing"] ?? throw SensingException.BadRequest("HistoricalLocation: 'Thing' is required."), "Thing", cancellationToken);
        var historical = new HistoricalLocation { ThingId = thingId, Time = time };
        db.Add(historical);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var location in Objects(body, "Locations"))
        {
            var locationId = await ResolveOrCreateAsync(SensingSchema.Locations, location, "A Location", cancellationToken);
            db.Add(new HistoricalLocationLocation { HistoricalLocationId = historical.Id, LocationId = locationId });
        }

        await db.SaveChangesAsync(cancellationToken);
        return historical.Id;
    }

    private async Task<long> CreateSensorAsync(JsonObject body, CancellationToken cancellationToken)
    {
        CheckKeys(body, SensingSchema.Sensors);
        var sensor = new Sensor
        {
            Name = RequiredString(body, "name", "Sensor"),
            Description = RequiredString(body, "description", "Sensor"),
            EncodingType = RequiredString(body, "encodingType", "Sensor"),
            Metadata = MetadataText(body) ?? throw SensingException.BadRequest("Sensor: 'metadata' is required."),
            Properties = ObjectText(body, "properties"),
        };
        db.Add(sensor);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var datastream in Objects(body, "Datastreams"))
        {
            datastream["Sensor"] = new JsonObject { ["@iot.id"] = sensor.Id };
            await ResolveOrCreateAsync(SensingSchema.Datastreams, datastream, "A Datastream", cancellationToken);
        }

        return sensor.Id;
    }

    /// <summary>Sensor metadata is usually a URL (a string); a JSON document is kept as its text.</summary>
    private static string? MetadataText(JsonObject body) => body["metadata"] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        var other => other.ToJsonString(),
    };

    private async Task<long> CreateObservedPropertyAsync(JsonObject body, CancellationToken cancellationToken)
    {
        CheckKeys(body, SensingSchema.ObservedProperties);
        var property = new ObservedProperty
        {
            Name = RequiredString(body, "name", "ObservedProperty"),
            Definition = RequiredString(body, "definition", "ObservedProperty"),
            Description = RequiredString(body, "description", "ObservedProperty"),
            Properties = ObjectText(body, "properties"),
        };
        db.Add(property);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var datastream in Objects(body, "Datastreams"))
        {
            datastream["ObservedProperty"] = new JsonObject { ["@iot.id"] = property.Id };
            await ResolveOrCreateAsync(SensingSchema.Datastreams, datastream, "A Datastream", cancellationToken);
        }

        return property.Id;
    }

    private async Task<long> CreateDatastreamAsync(JsonObject body, CancellationToken cancellationToken)
    {
        CheckKeys(body, SensingSchema.Datastreams);
        var now = clock.GetStoredNow();
        var datastream = new Datastream
        {
            Name = RequiredString(body, "name", "Datastream"),
            Description = RequiredString(body, "description", "Datastream"),
            ObservationType = RequiredString(body, "observationType", "Datastream"),
            UnitOfMeasurement = ObjectText(body, "unitOfMeasurement") ?? throw SensingException.BadRequest("Datastream: 'unitOfMeasurement' is required."),
            ObservedArea = body["observedArea"] is null ? null : Geo(body, "observedArea", required: false, "Datastream").Geometry,
            Properties = ObjectText(body, "properties"),
            AccessLevel = AccessLevel(body, null),
            Created = now,
            Modified = now,
        };
        (datastream.PhenomenonTimeStart, datastream.PhenomenonTimeEnd) = Span(body, "phenomenonTime");
        (datastream.ResultTimeStart, datastream.ResultTimeEnd) = Span(body, "resultTime");
        datastream.ThingId = await ResolveOrCreateAsync(SensingSchema.Things, body["Thing"] ?? throw SensingException.BadRequest("Datastream: 'Thing' is required."), "Thing", cancellationToken);
        datastream.SensorId = await ResolveOrCreateAsync(SensingSchema.Sensors, body["Sensor"] ?? throw SensingException.BadRequest("Datastream: 'Sensor' is required."), "Sensor", cancellationToken);
        datastream.ObservedPropertyId = await ResolveOrCreateAsync(SensingSchema.ObservedProperties,
            body["ObservedProperty"] ?? throw SensingException.BadRequest("Datastream: 'ObservedProperty' is required."), "ObservedProperty", cancellationToken);
        db.Add(datastream);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var observation in Objects(body, "Observations"))
        {
            observation["Datastream"] = new JsonObject { ["@iot.id"] = datastream.Id };
            await CreateObservationAsync(observation, cancellationToken);
        }

        return datastream.Id;
    }

    private async Task<long> CreateFeatureOfInterestAsync(JsonObject body, CancellationToken cancellationToken)
    {
        CheckKeys(body, SensingSchema.FeaturesOfInterest);
        var feature = new FeatureOfInterest
        {
            Name = RequiredString(body, "name", "FeatureOfInterest"),
            Description = RequiredString(body, "description", "FeatureOfInterest"),
            EncodingType = RequiredString(body, "encodingType", "FeatureOfInterest"),
            Properties = ObjectText(body, "properties"),
        };
        SetGeo(feature, Geo(body, "feature", required: true, "FeatureOfInterest"));
        db.Add(feature);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var observation in Objects(body, "Observations"))
        {
            observation["FeatureOfInterest"] = new JsonObject { ["@iot.id"] = feature.Id };
            await CreateObservationAsync(observation, cancellationToken);
        }

        return feature.Id;
    }

    /// <summary>Checks an Observation, resolves its Datastream and FeatureOfInterest, and queues it for the writer.</summary>
    private async Task CreateObservationAsync(JsonObject body, CancellationToken cancellationToken)
    {
        CheckKeys(body, SensingSchema.Observations);
        if (!body.ContainsKey("result"))
        {
            throw SensingException.BadRequest("Observation: 'result' is required.");
        }

        var datastreamId = await ResolveOrCreateAsync(SensingSchema.Datastreams,
            body["Datastream"] ?? throw SensingException.BadRequest("Observation: 'Datastream' is required."), "Datastream", cancellationToken);
        long featureId = body["FeatureOfInterest"] is { } feature
            ? await ResolveOrCreateAsync(SensingSchema.FeaturesOfInterest, feature, "FeatureOfInterest", cancellationToken)
            : await FeatureFromLocationAsync(datastreamId, cancellationToken);
        var phenomenon = Interval(body, "phenomenonTime") ?? (clock.GetStoredNow(), null);
        var valid = Interval(body, "validTime");
        var parameters = ObjectText(body, "parameters");
        var result = body["result"]?.DeepClone();
        try
        {
            ObservationResults.Encode(result);
        }
        catch (FormatException e)
        {
            throw SensingException.BadRequest("Observation: " + e.Message);
        }

        pending.Add(new IncomingObservation(datastreamId, phenomenon.Start, phenomenon.End, Instant(body, "resultTime"), result,
            AnyText(body, "resultQuality"), valid?.Start, valid?.End, parameters, featureId));
    }

    /// <summary>
    /// The FeatureOfInterest of an Observation that names none: generated from its Thing's Location (and reused for later
    /// Observations at the same Location, found by <see cref="FeatureOfInterest.FeatureKey"/>).
    /// </summary>
    private async Task<long> FeatureFromLocationAsync(long datastreamId, CancellationToken cancellationToken) =>
        await DefaultFeatureOfInterestAsync(datastreamId, cancellationToken)
            ?? throw SensingException.BadRequest("Observation: 'FeatureOfInterest' is required, as the Thing of its Datastream has no Location.");

    /// <summary>
    /// The FeatureOfInterest for Observations of the Datastream that name none (found or created from its Thing's Location);
    /// null when the Thing has no Location. Also used by the MQTT ingest, which caches it per Datastream.
    /// </summary>
    internal async Task<long?> DefaultFeatureOfInterestAsync(long datastreamId, CancellationToken cancellationToken)
    {
        var location = await (from d in db.Set<Datastream>()
                              join tl in db.Set<ThingLocation>() on d.ThingId equals tl.ThingId
                              join l in db.Set<Location>() on tl.LocationId equals l.Id
                              where d.Id == datastreamId
                              orderby l.Id
                              select l).FirstOrDefaultAsync(cancellationToken);
        if (location is null)
        {
            return null;
        }

        var key = ObservationResults.Hash($"location:{Format(location.Id)}:{location.Geometry}").ToString("x16", CultureInfo.InvariantCulture);
        var existing = await db.Set<FeatureOfInterest>().Where(f => f.FeatureKey == key).Select(f => (long?)f.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            return id;
        }

        var feature = new FeatureOfInterest
        {
            Name = location.Name,
            Description = location.Description,
            EncodingType = location.EncodingType,
            Feature = location.LocationJson,
            Geometry = location.Geometry,
            MinX = location.MinX,
            MinY = location.MinY,
            MaxX = location.MaxX,
            MaxY = location.MaxY,
            Properties = location.Properties,
            FeatureKey = key,
        };
        db.Add(feature);
        await db.SaveChangesAsync(cancellationToken);
        return feature.Id;
    }
}
