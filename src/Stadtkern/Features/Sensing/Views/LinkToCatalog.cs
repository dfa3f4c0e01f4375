using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Dcat;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Views;

/// <summary>
/// <c>POST /api/sensing/catalog-links</c>: publish a group of public Datastreams (named directly, or every public Datastream of the
/// named Things) as one catalog dataset. <c>Name</c> (URL name) is derived from the title when empty; <c>LicenseId</c> defaults to
/// dl-by-de/2.0, <c>Themes</c> to ENVI.
/// </summary>
internal sealed record CatalogLinkRequest(
    IReadOnlyList<long>? ThingIds,
    IReadOnlyList<long>? DatastreamIds,
    string? Title,
    string? Organization,
    string? Name = null,
    string? Notes = null,
    string? LicenseId = null,
    IReadOnlyList<string>? Themes = null,
    IReadOnlyList<string>? Tags = null);

internal sealed record CatalogLinkResponse(string Name, string Title, string PortalUrl, int Datastreams, IReadOnlyList<string> Resources);

/// <summary>
/// Creates the dataset through the catalog's own store: per Datastream a SensorThings resource (<c>.../v1.1/Datastreams(n)</c>,
/// format <see cref="MapToDcat.SensorThingsFormat"/>, exported to DCAT as a distribution with a dcat:DataService) and a CSV
/// export resource. Only public Datastreams can be linked: a catalog dataset is public and must not point at hidden data.
/// </summary>
internal sealed class LinkToCatalog(StadtkernDb db, DatasetStore datasets)
{
    public async Task<(CatalogLinkResponse? Created, Dictionary<string, string[]> Errors)> CreateAsync(
        CatalogLinkRequest request, string baseUrl, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var thingIds = request.ThingIds?.Distinct().ToList() ?? [];
        var streamIds = request.DatastreamIds?.Distinct().ToList() ?? [];
        if (thingIds.Count == 0 && streamIds.Count == 0)
        {
            errors["datastreamIds"] = ["Name at least one Thing (thingIds) or Datastream (datastreamIds)."];
            return (null, errors);
        }

        var things = await db.Set<Thing>().AsNoTracking().Where(t => thingIds.Contains(t.Id)).ToListAsync(cancellationToken);
        var missingThings = thingIds.Except(things.Select(t => t.Id)).ToList();
        if (missingThings.Count > 0)
        {
            errors["thingIds"] = ["Unknown Things: " + string.Join(", ", missingThings)];
        }

        var candidates = await (from d in db.Set<Datastream>().AsNoTracking()
                                join t in db.Set<Thing>().AsNoTracking() on d.ThingId equals t.Id
                                where streamIds.Contains(d.Id) || thingIds.Contains(d.ThingId)
                                orderby d.ThingId, d.Id
                                select new { d, Level = d.AccessLevel ?? t.AccessLevel }).ToListAsync(cancellationToken);
        var named = candidates.Where(c => streamIds.Contains(c.d.Id)).ToList();
        var missingStreams = streamIds.Except(named.Select(c => c.d.Id)).ToList();
        var hidden = named.Where(c => c.Level != SensingAccessLevels.Public).Select(c => c.d.Id).ToList();
        if (missingStreams.Count > 0 || hidden.Count > 0)
        {
            // Unknown and non-public ones get the same answer: the link does not reveal which hidden Datastreams exist.
            errors["datastreamIds"] = ["Not public or unknown Datastreams: " + string.Join(", ", missingStreams.Concat(hidden).Order())];
        }

        var linked = candidates.Where(c => c.Level == SensingAccessLevels.Public).Select(c => c.d).ToList();
        if (errors.Count == 0 && linked.Count == 0)
        {
            errors["thingIds"] = ["These Things have no public Datastreams."];
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors["title"] = ["The title is missing."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var resources = new List<ResourceInput>();
        foreach (var d in linked)
        {
            resources.Add(new ResourceInput
            {
                Name = d.Name + " (SensorThings API)",
                Description = string.IsNullOrWhiteSpace(d.Description) ? null : d.Description,
                Url = string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/v1.1/Datastreams({d.Id})"),
                Format = MapToDcat.SensorThingsFormat,
                MediaType = "application/json",
            });
            resources.Add(new ResourceInput
            {
                Name = d.Name + " (CSV, letzte 24 Stunden; Zeitraum über from/to wählbar)",
                Url = string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/api/sensing/datastreams/{d.Id}/export.csv"),
                Format = "CSV",
                MediaType = "text/csv",
            });
        }

        var starts = linked.Where(d => d.PhenomenonTimeStart is not null).Select(d => d.PhenomenonTimeStart!.Value).ToList();
        var title = request.Title!.Trim();
        var input = new DatasetInput
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? Slug(title) : request.Name.Trim(),
            Title = title,
            Notes = request.Notes ?? "Messwerte der Sensoren als SensorThings-API (OGC SensorThings 1.1) und als CSV-Export. "
                + "Die Werte werden laufend aktualisiert.",
            Organization = request.Organization ?? "",
            LicenseId = request.LicenseId ?? "dl-by-de/2.0",
            Themes = request.Themes ?? ["ENVI"],
            Tags = request.Tags ?? ["Sensoren", "Echtzeitdaten"],
            Frequency = "CONT",
            TemporalStart = starts.Count > 0 ? DateOnly.FromDateTime(starts.Min().UtcDateTime) : null,
            Extras = [new("sensing_datastreams", string.Join(',', linked.Select(d => d.Id.ToString(CultureInfo.InvariantCulture))))],
            Resources = resources,
        };
        var result = await datasets.CreateAsync(input, caller, cancellationToken);
        if (!result.Succeeded)
        {
            return (null, result.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
        }

        var dataset = result.Dataset!;
        return (new CatalogLinkResponse(dataset.Name, dataset.Title, baseUrl + "/daten/" + Uri.EscapeDataString(dataset.Name), linked.Count,
            [.. resources.Select(r => r.Url)]), errors);
    }

    /// <summary>A catalog URL name from a German title: lower case ASCII, umlauts spelled out, runs of others as one hyphen.</summary>
    public static string Slug(string title)
    {
        var text = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            var part = c switch
            {
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'ß' => "ss",
                _ when char.IsAsciiLetterOrDigit(c) => c.ToString(CultureInfo.InvariantCulture),
                _ => "-",
            };
            if (part != "-" || (text.Length > 0 && text[^1] != '-'))
            {
                text.Append(part);
            }
        }

        var slug = text.ToString().Trim('-');
        slug = slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
        return slug.Length >= 2 ? slug : "sensoren-" + slug;
    }
}
