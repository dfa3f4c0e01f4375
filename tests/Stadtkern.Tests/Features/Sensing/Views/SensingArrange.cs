using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Views;

/// <summary>Writes sensing rows straight into the tables (the ingest writer is another area's; these tests only read).</summary>
internal static class SensingArrange
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task<(long ThingId, long DatastreamId)> DatastreamAsync(
        StadtkernFactory app, string thingName = "Wetterstation Hafen", string thingLevel = SensingAccessLevels.Public, string? streamLevel = null,
        string stream = "Lufttemperatur", string property = "Lufttemperatur", string unit = """{"name":"Grad Celsius","symbol":"°C","definition":""}""",
        (double Lon, double Lat)? at = null, long? thingId = null)
    {
        await using var scope = await app.TenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var thing = thingId is { } existing ? db.Set<Thing>().Single(t => t.Id == existing) : new Thing
        {
            Name = thingName,
            Description = "Testgerät",
            AccessLevel = thingLevel,
            Created = Now,
            Modified = Now,
        };
        if (thingId is null)
        {
            db.Add(thing);
        }

        var sensor = new Sensor { Name = "Sensor", Description = "", EncodingType = "text/html", Metadata = "" };
        var observed = db.Set<ObservedProperty>().FirstOrDefault(p => p.Name == property)
            ?? db.Add(new ObservedProperty { Name = property, Definition = "https://example.org/" + Uri.EscapeDataString(property), Description = "" }).Entity;
        db.Add(sensor);
        await db.SaveChangesAsync(Ct);
        if (at is { } point && thingId is null)
        {
            var json = FormattableString.Invariant($$"""{"type":"Point","coordinates":[{{point.Lon}},{{point.Lat}}]}""");
            var location = new Location { Name = "Ort", Description = "", EncodingType = "application/geo+json", LocationJson = json, Geometry = json, MinX = point.Lon, MaxX = point.Lon, MinY = point.Lat, MaxY = point.Lat };
            db.Add(location);
            await db.SaveChangesAsync(Ct);
            db.Add(new ThingLocation { ThingId = thing.Id, LocationId = location.Id });
        }

        var datastream = new Datastream
        {
            Name = stream,
            Description = "",
            ObservationType = "OM_Measurement",
            UnitOfMeasurement = unit,
            ThingId = thing.Id,
            SensorId = sensor.Id,
            ObservedPropertyId = observed.Id,
            AccessLevel = streamLevel,
            Created = Now,
            Modified = Now,
        };
        db.Add(datastream);
        await db.SaveChangesAsync(Ct);
        return (thing.Id, datastream.Id);
    }

    public static async Task ObservationsAsync(StadtkernFactory app, IEnumerable<Observation> observations, bool updateLatest = true)
    {
        await using var scope = await app.TenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        var list = observations.ToList();
        var hash = 0L;
        foreach (var o in list)
        {
            o.ResultHash = ++hash;
        }

        db.AddRange(list);
        await db.SaveChangesAsync(Ct);
        if (updateLatest)
        {
            foreach (var group in list.GroupBy(o => o.DatastreamId))
            {
                var latest = group.MaxBy(o => o.PhenomenonTimeStart)!;
                var d = db.Set<Datastream>().Single(x => x.Id == group.Key);
                d.LatestObservationId = latest.Id;
                d.LatestPhenomenonTime = latest.PhenomenonTimeStart;
                d.LatestResult = latest.ResultKind == ResultKind.Number
                    ? latest.ResultNumber!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                    : System.Text.Json.JsonSerializer.Serialize(latest.ResultString);
                d.ObservationCount += group.Count();
            }

            await db.SaveChangesAsync(Ct);
        }
    }

    public static Observation Number(long datastreamId, DateTimeOffset time, double value) =>
        new() { DatastreamId = datastreamId, PhenomenonTimeStart = time, ResultTime = time, ResultKind = ResultKind.Number, ResultNumber = value };

    public static async Task AggregatesAsync(StadtkernFactory app, IEnumerable<ObservationAggregate> aggregates)
    {
        await using var scope = await app.TenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        db.AddRange(aggregates);
        await db.SaveChangesAsync(Ct);
    }
}
