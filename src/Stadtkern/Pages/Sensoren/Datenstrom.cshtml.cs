using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Features.Sensing.Views;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Sensoren;

/// <summary>
/// One Datastream: its latest value, a chart of a chosen range (data from the series endpoint), a summary of the range, the CSV
/// download and the latest 20 Observations as a table. Invisible Datastreams are 404. Stewards can publish the Thing's public
/// Datastreams to the catalog from here.
/// </summary>
internal sealed class DatenstromModel(
    ViewerAccess access, StadtkernDb db, ReadSeries series, OrganizationStore organizations, LinkToCatalog link,
    TenantContext tenant, IOptions<SensingViewsOptions> options, TimeProvider clock) : SensingPageModel
{
    /// <summary>The ranges offered as links: key, label, length.</summary>
    public static readonly IReadOnlyList<(string Key, string Label, TimeSpan Span)> Ranges =
    [
        ("24h", "24 Stunden", TimeSpan.FromDays(1)),
        ("7d", "7 Tage", TimeSpan.FromDays(7)),
        ("30d", "30 Tage", TimeSpan.FromDays(30)),
        ("1y", "1 Jahr", TimeSpan.FromDays(365)),
    ];

    /// <summary>Buckets of the chart (and of the summary above it).</summary>
    public const int ChartPoints = 500;

    public VisibleDatastream Stream { get; private set; } = null!;

    public string ObservedProperty { get; private set; } = "";

    public SeriesUnit Unit { get; private set; } = new(null, null, null);

    public IReadOnlyList<Observation> Latest { get; private set; } = [];

    public string Range { get; private set; } = "24h";

    public DateTimeOffset From { get; private set; }

    public DateTimeOffset To { get; private set; }

    public string? RangeError { get; private set; }

    public SeriesBucket? Summary { get; private set; }

    public bool CanLinkToCatalog { get; private set; }

    public IReadOnlyList<Organization> Organizations { get; private set; } = [];

    public IReadOnlyDictionary<string, string[]> LinkErrors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public string? KatalogTitel { get; set; }

    [BindProperty]
    public string? KatalogOrganisation { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, string? zeitraum, string? von, string? bis, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        ChooseRange(zeitraum, von, bis);
        if (RangeError is null)
        {
            // the chart's own buckets folded into one, so text and chart come from the same source (raw or aggregates)
            var buckets = await series.ReadAsync(id, From, To, PlanSeries.Plan(From, To, ChartPoints), cancellationToken);
            var count = buckets.Sum(b => b.Count);
            Summary = count == 0 ? null : new SeriesBucket(From, count, buckets.Min(b => b.Min), buckets.Max(b => b.Max), buckets.Sum(b => b.Mean * b.Count) / count);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostKatalogAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || !CanLinkToCatalog)
        {
            return NotFound();
        }

        var baseUrl = $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
        var (created, errors) = await link.CreateAsync(
            new CatalogLinkRequest([Stream.Thing.Id], null, KatalogTitel, KatalogOrganisation), baseUrl, CatalogCaller.From(User), cancellationToken);
        if (created is not null)
        {
            return Redirect(Url.Content("~/daten/" + Uri.EscapeDataString(created.Name)));
        }

        LinkErrors = errors;
        ChooseRange(null, null, null);
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var visible = await access.FindDatastreamAsync(id, Viewer, cancellationToken);
        if (visible is null)
        {
            return false;
        }

        Stream = visible;
        Unit = SeriesUnit.Parse(visible.Datastream.UnitOfMeasurement);
        ObservedProperty = await db.Set<ObservedProperty>().AsNoTracking()
            .Where(p => p.Id == visible.Datastream.ObservedPropertyId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) ?? "";
        Latest = await db.Set<Observation>().AsNoTracking()
            .Where(o => o.DatastreamId == id)
            .OrderByDescending(o => o.PhenomenonTimeStart).ThenByDescending(o => o.Id)
            .Take(20).ToListAsync(cancellationToken);
        CanLinkToCatalog = Viewer.IsSteward && tenant.Current?.Has(Module.Catalog) == true && visible.EffectiveLevel == SensingAccessLevels.Public;
        if (CanLinkToCatalog)
        {
            Organizations = await organizations.ListAsync(cancellationToken);
        }

        return true;
    }

    private void ChooseRange(string? zeitraum, string? von, string? bis)
    {
        var now = clock.GetUtcNow();
        var preset = Ranges.FirstOrDefault(r => r.Key == zeitraum);
        if (zeitraum == "frei")
        {
            Range = "frei";
            var ok = DateOnly.TryParseExact(von, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start);
            ok &= DateOnly.TryParseExact(bis, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end);
            From = ok ? new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : now.AddDays(-1);
            To = ok ? new DateTimeOffset(end.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1) : now;
            if (!ok)
            {
                RangeError = "Bitte Anfangs- und Enddatum angeben.";
            }
            else if (From >= To)
            {
                RangeError = "Das Anfangsdatum muss vor dem Enddatum liegen.";
            }
            else if ((To - From).TotalDays > options.Value.ExportMaxDays)
            {
                RangeError = $"Der Zeitraum darf höchstens {options.Value.ExportMaxDays} Tage lang sein.";
            }

            return;
        }

        Range = preset.Key ?? "24h";
        To = now;
        From = now - (preset.Key is null ? TimeSpan.FromDays(1) : preset.Span);
    }

    public static string Value(Observation o) => o.ResultKind switch
    {
        ResultKind.Number => o.ResultNumber?.ToString("#,##0.###", CultureInfo.GetCultureInfo("de-DE")) ?? "–",
        ResultKind.Boolean => o.ResultNumber is { } n ? (n != 0 ? "ja" : "nein") : "–",
        ResultKind.String => o.ResultString ?? "–",
        ResultKind.Json => o.ResultJson ?? "–",
        ResultKind.Null => "–",
        _ => "–",
    };

    public static string Number(double value) => value.ToString("#,##0.##", CultureInfo.GetCultureInfo("de-DE"));
}
