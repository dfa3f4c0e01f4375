using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using static Stadtkern.Features.Sensing.Api.BodyValues;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>PATCH, PUT, DELETE and <c>$ref</c> links.</summary>
internal sealed partial class WriteEntities
{
    /// <summary>PATCH (<paramref name="replace"/> false: only the given properties change) or PUT (all properties replaced).</summary>
    public async Task<(SensingEntitySet Set, long Id)> UpdateAsync(SensingPath path, JsonObject body, bool replace, CancellationToken cancellationToken)
    {
        if (path.IsCollection || path.Property is not null || path.Ref)
        {
            throw new SensingException(StatusCodes.Status405MethodNotAllowed, "PATCH and PUT change one entity; this path is not one.");
        }

        var set = path.Last.Set;
        var id = await ResolveIdAsync(path, cancellationToken);
        CheckKeys(body, set);
        var change = new Change(body, replace, set.EntityName);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        switch (set.Name)
        {
            case "Things":
                var thing = await db.Set<Thing>().FirstAsync(t => t.Id == id, cancellationToken);
                thing.Name = change.Text("name", thing.Name);
                thing.Description = change.Text("description", thing.Description);
                thing.Properties = change.Object("properties", thing.Properties);
                thing.AccessLevel = body.ContainsKey(AccessLevelKey) ? AccessLevel(body, thing.AccessLevel) : thing.AccessLevel;
                thing.Modified = clock.GetStoredNow();
                await db.SaveChangesAsync(cancellationToken);
                if (body.ContainsKey("Locations"))
                {
                    var locations = new List<long>();
                    foreach (var location in Objects(body, "Locations"))
                    {
                        locations.Add(await ResolveOrCreateAsync(SensingSchema.Locations, location, "A Location", cancellationToken));
                    }

                    await SetLocationsAsync(id, locations, replace: true, cancellationToken);
                }

                break;
            case "Locations":
                var location1 = await db.Set<Location>().FirstAsync(l => l.Id == id, cancellationToken);
                location1.Name = change.Text("name", location1.Name);
                location1.Description = change.Text("description", location1.Description);
                location1.EncodingType = change.Text("encodingType", location1.EncodingType);
                location1.Properties = change.Object("properties", location1.Properties);
                if (body.ContainsKey("location") || replace)
                {
                    SetGeo(location1, Geo(body, "location", required: true, "Location"));
                }

                break;
            case "HistoricalLocations":
                var historical = await db.Set<HistoricalLocation>().FirstAsync(h => h.Id == id, cancellationToken);
                historical.Time = body.ContainsKey("time") || replace
                    ? Instant(body, "time") ?? throw SensingException.BadRequest("HistoricalLocation: 'time' is required.")
                    : historical.Time;
                if (body["Thing"] is { } owner)
                {
                    historical.ThingId = await ResolveOrCreateAsync(SensingSchema.Things, owner, "Thing", cancellationToken);
                }

                break;
            case "Sensors":
                var sensor = await db.Set<Sensor>().FirstAsync(s => s.Id == id, cancellationToken);
                sensor.Name = change.Text("name", sensor.Name);
                sensor.Description = change.Text("description", sensor.Description);
                sensor.EncodingType = change.Text("encodingType", sensor.EncodingType);
                sensor.Metadata = body.ContainsKey("metadata") || replace
                    ? MetadataText(body) ?? throw SensingException.BadRequest("Sensor: 'metadata' is required.")
                    : sensor.Metadata;
                sensor.Properties = change.Object("properties", sensor.Properties);
                break;
            case "ObservedProperties":
                var property = await db.Set<ObservedProperty>().FirstAsync(p => p.Id == id, cancellationToken);
                property.Name = change.Text("name", property.Name);
                property.Definition = change.Text("definition", property.Definition);
                property.Description = change.Text("description", property.Description);
                property.Properties = change.Object("properties", property.Properties);
                break;
            case "Datastreams":
                await UpdateDatastreamAsync(id, body, change, replace, cancellationToken);
                break;
            case "FeaturesOfInterest":
                var feature = await db.Set<FeatureOfInterest>().FirstAsync(f => f.Id == id, cancellationToken);
                feature.Name = change.Text("name", feature.Name);
                feature.Description = change.Text("description", feature.Description);
                feature.EncodingType = change.Text("encodingType", feature.EncodingType);
                feature.Properties = change.Object("properties", feature.Properties);
                if (body.ContainsKey("feature") || replace)
                {
                    SetGeo(feature, Geo(body, "feature", required: true, "FeatureOfInterest"));
                    feature.FeatureKey = null;
                }

                break;
            default:
                await UpdateObservationAsync(id, body, change, replace, cancellationToken);
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (set, id);
    }

    private async Task UpdateDatastreamAsync(long id, JsonObject body, Change change, bool replace, CancellationToken cancellationToken)
    {
        var datastream = await db.Set<Datastream>().FirstAsync(d => d.Id == id, cancellationToken);
        datastream.Name = change.Text("name", datastream.Name);
        datastream.Description = change.Text("description", datastream.Description);
        datastream.ObservationType = change.Text("observationType", datastream.ObservationType);
        datastream.UnitOfMeasurement = change.Object("unitOfMeasurement", datastream.UnitOfMeasurement)
            ?? throw SensingException.BadRequest("Datastream: 'unitOfMeasurement' is required.");
        datastream.Properties = change.Object("properties", datastream.Properties);
        if (body.ContainsKey("observedArea") || replace)
        {
            datastream.ObservedArea = body["observedArea"] is null ? null : Geo(body, "observedArea", required: false, "Datastream").Geometry;
        }

        if (body.ContainsKey("phenomenonTime") || replace)
        {
            (datastream.PhenomenonTimeStart, datastream.PhenomenonTimeEnd) = Span(body, "phenomenonTime");
        }

        if (body.ContainsKey("resultTime") || replace)
        {
            (datastream.ResultTimeStart, datastream.ResultTimeEnd) = Span(body, "resultTime");
        }

        if (body.ContainsKey(AccessLevelKey))
        {
            datastream.AccessLevel = body[AccessLevelKey] is null ? null : AccessLevel(body, null);
        }

        datastream.ThingId = body["Thing"] is { } thing ? await ResolveOrCreateAsync(SensingSchema.Things, thing, "Thing", cancellationToken) : datastream.ThingId;
        datastream.SensorId = body["Sensor"] is { } sensor ? await ResolveOrCreateAsync(SensingSchema.Sensors, sensor, "Sensor", cancellationToken) : datastream.SensorId;
        datastream.ObservedPropertyId = body["ObservedProperty"] is { } op
            ? await ResolveOrCreateAsync(SensingSchema.ObservedProperties, op, "ObservedProperty", cancellationToken)
            : datastream.ObservedPropertyId;
        datastream.Modified = clock.GetStoredNow();
    }

    private async Task UpdateObservationAsync(long id, JsonObject body, Change change, bool replace, CancellationToken cancellationToken)
    {
        var observation = await db.Set<Observation>().FirstAsync(o => o.Id == id, cancellationToken);
        if (body.ContainsKey("phenomenonTime") || replace)
        {
            var pt = Interval(body, "phenomenonTime") ?? throw SensingException.BadRequest("Observation: 'phenomenonTime' is required.");
            (observation.PhenomenonTimeStart, observation.PhenomenonTimeEnd) = (pt.Start, pt.End);
        }

        if (body.ContainsKey("resultTime") || replace)
        {
            observation.ResultTime = Instant(body, "resultTime");
        }

        if (body.ContainsKey("validTime") || replace)
        {
            var vt = Interval(body, "validTime");
            (observation.ValidTimeStart, observation.ValidTimeEnd) = (vt?.Start, vt?.End);
        }

        if (body.ContainsKey("result") || replace)
        {
            if (!body.ContainsKey("result"))
            {
                throw SensingException.BadRequest("Observation: 'result' is required.");
            }

            StoredResult result;
            try
            {
                result = ObservationResults.Encode(body["result"]);
            }
            catch (FormatException e)
            {
                throw SensingException.BadRequest("Observation: " + e.Message);
            }

            // The hash must be the writer's, or the duplicate rule would not recognise a later repeat of the changed Observation.
            (observation.ResultKind, observation.ResultNumber, observation.ResultString, observation.ResultJson, observation.ResultHash) =
                (result.Kind, result.Number, result.Text, result.Json, Ingest.ResultHash.Of(body["result"]));
        }

        if (body.ContainsKey("resultQuality") || replace)
        {
            observation.ResultQuality = AnyText(body, "resultQuality");
        }

        observation.Parameters = change.Object("parameters", observation.Parameters);
        if (body["Datastream"] is { } datastream)
        {
            observation.DatastreamId = await ResolveOrCreateAsync(SensingSchema.Datastreams, datastream, "Datastream", cancellationToken);
            await MoveObservationCountAsync(id, observation.DatastreamId, cancellationToken);
        }

        if (body["FeatureOfInterest"] is { } feature)
        {
            observation.FeatureOfInterestId = await ResolveOrCreateAsync(SensingSchema.FeaturesOfInterest, feature, "FeatureOfInterest", cancellationToken);
        }
    }

    /// <summary>Deletes an entity and what the standard deletes with it (a Thing's Datastreams and HistoricalLocations, a Datastream's Observations, ...).</summary>
    public async Task DeleteAsync(SensingPath path, CancellationToken cancellationToken)
    {
        if (path.IsCollection || path.Property is not null)
        {
            throw new SensingException(StatusCodes.Status405MethodNotAllowed, "DELETE removes one entity; this path is not one.");
        }

        var set = path.Last.Set;
        var id = await ResolveIdAsync(path, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var p = sql.NewParameters();
        var value = p.Add(id);
        // Observations have no foreign keys (for ingest speed): their rows go explicitly; the rest cascades in the database.
        var streams = set.Name switch
        {
            "Things" => $"SELECT id FROM sensing_datastreams WHERE thing_id = {value}",
            "Sensors" => $"SELECT id FROM sensing_datastreams WHERE sensor_id = {value}",
            "ObservedProperties" => $"SELECT id FROM sensing_datastreams WHERE observed_property_id = {value}",
            "Datastreams" => value,
            _ => null,
        };
        if (streams is not null)
        {
            await sql.ExecuteAsync($"DELETE FROM sensing_observations WHERE datastream_id IN ({streams})", p, cancellationToken);
            await sql.ExecuteAsync($"DELETE FROM sensing_aggregates WHERE datastream_id IN ({streams})", p, cancellationToken);
        }

        if (set == SensingSchema.FeaturesOfInterest)
        {
            // The maintained counts (what $count answers from) lose the deleted Observations too.
            await sql.ExecuteAsync(
                "UPDATE sensing_datastreams SET observation_count = observation_count - (SELECT COUNT(*) FROM sensing_observations o "
                + $"WHERE o.datastream_id = sensing_datastreams.id AND o.feature_of_interest_id = {value}) "
                + $"WHERE id IN (SELECT datastream_id FROM sensing_observations WHERE feature_of_interest_id = {value})", p, cancellationToken);
            await sql.ExecuteAsync($"DELETE FROM sensing_observations WHERE feature_of_interest_id = {value}", p, cancellationToken);
        }

        if (set == SensingSchema.Observations)
        {
            await sql.ExecuteAsync(
                $"UPDATE sensing_datastreams SET observation_count = observation_count - 1 WHERE observation_count > 0 AND id = (SELECT datastream_id FROM sensing_observations WHERE id = {value})",
                p, cancellationToken);
        }

        await sql.ExecuteAsync($"DELETE FROM {set.Table} WHERE id = {value}", p, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// <c>POST .../Things(1)/Locations/$ref</c> (add a link to a collection) or <c>PUT .../Datastreams(1)/Thing/$ref</c> (set a
    /// to-one link), with <c>{"@iot.id": 5}</c> or <c>{"@iot.selfLink": ".../Locations(5)"}</c>.
    /// </summary>
    public async Task LinkAsync(SensingPath path, JsonObject body, bool toOne, CancellationToken cancellationToken)
    {
        var via = path.Last.Via;
        if (!path.Ref || via is null || path.Last.Id is not null || via.IsCollection == toOne)
        {
            throw new SensingException(StatusCodes.Status405MethodNotAllowed,
                "Links are added with POST to a collection's $ref and set with PUT to a single navigation's $ref.");
        }

        var parentSet = path.Steps[^2].Set;
        var parentId = await ResolveIdAsync(path.Parent, cancellationToken);
        var targetId = ReferenceId(body);
        await RequireExistsAsync(path.Last.Set, targetId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LinkAsync(parentSet, parentId, via, targetId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static long ReferenceId(JsonObject body)
    {
        if (LinkId(body) is { } id)
        {
            return id;
        }

        var link = OptionalString(body, "@iot.selfLink") ?? throw SensingException.BadRequest("Give the entity to link as {\"@iot.id\": id}.");
        var open = link.LastIndexOf('(');
        return open > 0 && link.EndsWith(')') && long.TryParse(link[(open + 1)..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw SensingException.BadRequest($"'{link}' is not the link of an entity.");
    }

    private async Task LinkAsync(SensingEntitySet parentSet, long parentId, SensingNavigation via, long targetId, CancellationToken cancellationToken)
    {
        var p = sql.NewParameters();
        switch (via)
        {
            case { LinkTable: "sensing_thing_locations" }:
                var (thingId, locationId) = parentSet == SensingSchema.Things ? (parentId, targetId) : (targetId, parentId);
                await SetLocationsAsync(thingId, [locationId], replace: false, cancellationToken);
                break;
            case { LinkTable: { } table }:
                var (thisValue, targetValue) = (p.Add(parentId), p.Add(targetId));
                var exists = await sql.ScalarAsync(
                    $"SELECT COUNT(*) FROM {table} WHERE {via.LinkThisColumn} = {thisValue} AND {via.LinkTargetColumn} = {targetValue}", p, cancellationToken);
                if (exists == 0)
                {
                    await sql.ExecuteAsync($"INSERT INTO {table} ({via.LinkThisColumn}, {via.LinkTargetColumn}) VALUES ({thisValue}, {targetValue})", p, cancellationToken);
                }

                break;
            case { TargetForeignKey: { } column }:
                if (via.Target == SensingSchema.Observations.Name && column == "datastream_id")
                {
                    await MoveObservationCountAsync(targetId, parentId, cancellationToken);
                }

                await sql.ExecuteAsync($"UPDATE {SensingSchema.TargetOf(via).Table} SET {column} = {p.Add(parentId)} WHERE id = {p.Add(targetId)}", p, cancellationToken);
                break;
            case { ForeignKey: { } column }:
                if (parentSet == SensingSchema.Observations && column == "datastream_id")
                {
                    await MoveObservationCountAsync(parentId, targetId, cancellationToken);
                }

                await sql.ExecuteAsync($"UPDATE {parentSet.Table} SET {column} = {p.Add(targetId)} WHERE id = {p.Add(parentId)}", p, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Before an Observation moves to another Datastream: one less on the Datastream it is stored under, one more on
    /// <paramref name="datastreamId"/> (the maintained counts that <c>$count</c> answers from). Nothing when it stays.
    /// </summary>
    private async Task MoveObservationCountAsync(long observationId, long datastreamId, CancellationToken cancellationToken)
    {
        var p = sql.NewParameters();
        var o = p.Add(observationId);
        var d = p.Add(datastreamId);
        await sql.ExecuteAsync(
            $"UPDATE sensing_datastreams SET observation_count = observation_count - 1 WHERE observation_count > 0 AND id <> {d} "
            + $"AND id = (SELECT datastream_id FROM sensing_observations WHERE id = {o})", p, cancellationToken);
        await sql.ExecuteAsync(
            $"UPDATE sensing_datastreams SET observation_count = observation_count + 1 WHERE id = {d} "
            + $"AND EXISTS (SELECT 1 FROM sensing_observations WHERE id = {o} AND datastream_id <> {d})", p, cancellationToken);
    }

    /// <summary><c>DELETE .../Things(1)/Locations(5)/$ref</c>: removes a link (not the entity). Required links cannot be removed.</summary>
    public async Task UnlinkAsync(SensingPath path, CancellationToken cancellationToken)
    {
        var via = path.Last.Via;
        if (!path.Ref || via is null || (via.IsCollection && path.Last.Id is null))
        {
            throw new SensingException(StatusCodes.Status405MethodNotAllowed, "DELETE of a $ref needs the linked entity: .../Things(1)/Locations(5)/$ref.");
        }

        var parentSet = path.Steps[^2].Set;
        var parentId = await ResolveIdAsync(path.Parent, cancellationToken);
        var targetId = await ResolveIdAsync(path with { Ref = false }, cancellationToken);
        var p = sql.NewParameters();
        switch (via)
        {
            case { LinkTable: { } table }:
                await sql.ExecuteAsync($"DELETE FROM {table} WHERE {via.LinkThisColumn} = {p.Add(parentId)} AND {via.LinkTargetColumn} = {p.Add(targetId)}", p, cancellationToken);
                break;
            case { TargetForeignKey: "feature_of_interest_id" }:
                await sql.ExecuteAsync($"UPDATE sensing_observations SET feature_of_interest_id = NULL WHERE id = {p.Add(targetId)}", p, cancellationToken);
                break;
            case { ForeignKey: "feature_of_interest_id" }:
                await sql.ExecuteAsync($"UPDATE sensing_observations SET feature_of_interest_id = NULL WHERE id = {p.Add(parentId)}", p, cancellationToken);
                break;
            default:
                throw new SensingException(StatusCodes.Status409Conflict,
                    $"Every {SensingSchema.TargetOf(via).EntityName} needs this link; link it elsewhere instead of removing it.");
        }
    }

    /// <summary>The rules of PATCH (absent: unchanged) and PUT (absent: cleared, required ones must be given).</summary>
    private sealed class Change(JsonObject body, bool replace, string entity)
    {
        public string Text(string name, string current)
        {
            if (!body.ContainsKey(name))
            {
                return replace ? throw SensingException.BadRequest($"{entity}: '{name}' is required.") : current;
            }

            return OptionalString(body, name) ?? throw SensingException.BadRequest($"{entity}: '{name}' must not be null.");
        }

        public string? Object(string name, string? current) => body.ContainsKey(name) ? ObjectText(body, name) : replace ? null : current;
    }
}
