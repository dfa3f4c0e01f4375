using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Views;

/// <summary>A Datastream on the map and in the list: its latest value as the ingest writer keeps it on the Datastream.</summary>
internal sealed record DatastreamCard(long Id, string Name, long ObservedPropertyId, string ObservedProperty, string? Latest, string Unit, DateTimeOffset? LatestTime);

/// <summary>A Thing with its position (the centre of its first Location's bounding box) and its visible Datastreams.</summary>
internal sealed record ThingCard(long Id, string Name, string Description, double? Lat, double? Lon, IReadOnlyList<DatastreamCard> Datastreams);

/// <summary>The sensor map's content for one viewer, optionally narrowed to one ObservedProperty.</summary>
internal sealed class SensorOverview(StadtkernDb db, ViewerAccess access)
{
    public async Task<(List<ThingCard> Things, List<ObservedProperty> Properties)> ListAsync(SensingViewer viewer, long? observedPropertyId, CancellationToken cancellationToken)
    {
        var (things, datastreams) = await access.ListAsync(viewer, cancellationToken);
        var properties = await db.Set<ObservedProperty>().AsNoTracking().OrderBy(p => p.Name).ToListAsync(cancellationToken);
        var propertyNames = properties.ToDictionary(p => p.Id, p => p.Name);
        var thingIds = things.Select(t => t.Id).ToList();
        var positions = (await (from tl in db.Set<ThingLocation>().AsNoTracking()
                                join l in db.Set<Location>().AsNoTracking() on tl.LocationId equals l.Id
                                where thingIds.Contains(tl.ThingId) && l.MinX != null && l.MinY != null
                                orderby l.Id
                                select new { tl.ThingId, l.MinX, l.MaxX, l.MinY, l.MaxY }).ToListAsync(cancellationToken))
            .GroupBy(p => p.ThingId)
            .ToDictionary(g => g.Key, g => g.First());
        var streamsByThing = datastreams.ToLookup(v => v.Thing.Id, v => v.Datastream);
        var cards = new List<ThingCard>();
        foreach (var thing in things)
        {
            var streams = streamsByThing[thing.Id]
                .Select(d => new DatastreamCard(d.Id, d.Name, d.ObservedPropertyId, propertyNames.GetValueOrDefault(d.ObservedPropertyId, ""),
                    FormatResult(d.LatestResult), SeriesUnit.Parse(d.UnitOfMeasurement).Label, d.LatestPhenomenonTime))
                .ToList();
            if (observedPropertyId is { } wanted && !streams.Any(s => s.ObservedPropertyId == wanted))
            {
                continue;
            }

            positions.TryGetValue(thing.Id, out var p);
            cards.Add(new ThingCard(thing.Id, thing.Name, thing.Description,
                p is null ? null : (p.MinY!.Value + (p.MaxY ?? p.MinY.Value)) / 2,
                p is null ? null : (p.MinX!.Value + (p.MaxX ?? p.MinX.Value)) / 2,
                observedPropertyId is { } only ? [.. streams.Where(s => s.ObservedPropertyId == only)] : streams));
        }

        var used = datastreams.Select(v => v.Datastream.ObservedPropertyId).ToHashSet();
        return (cards, [.. properties.Where(p => used.Contains(p.Id))]);
    }

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>A stored result (JSON text) as a German reader expects it: decimal comma, ja/nein, text as is.</summary>
    public static string? FormatResult(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            var e = doc.RootElement;
            return e.ValueKind switch
            {
                JsonValueKind.Number => e.GetDouble().ToString("#,##0.##", German),
                JsonValueKind.True => "ja",
                JsonValueKind.False => "nein",
                JsonValueKind.String => e.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => e.GetRawText(),
            };
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>A German date and time in the city's time zone, for the pages.</summary>
    public static string LocalTime(DateTimeOffset value) =>
        TimeZoneInfo.ConvertTime(value, Berlin).ToString("dd.MM.yyyy, HH:mm 'Uhr'", German);

    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
}

/// <summary>Base of the sensor pages: 404 unless the tenant has the sensing module; the viewer as the access rule sees them.</summary>
internal abstract class SensingPageModel : PageModel
{
    public SensingViewer Viewer => SensingViewer.From(User);

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<TenantContext>().Current;
        if (tenant?.Has(Module.Sensing) != true)
        {
            context.Result = NotFound();
            return;
        }

        await next();
    }
}
