using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Features.Tenants;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Bench;

/// <summary>What seeding took: the store path per dataset (measured on a sample) and the bulk path overall.</summary>
internal sealed record SeedReport(int Datasets, int ThroughStore, double StoreMsPerDataset, double BulkSeconds, double BulkDatasetsPerSecond, int Organizations, int Facets);

/// <summary>
/// Fills tenant <c>bench</c> with generated datasets. A sample goes through <see cref="DatasetStore"/> (to measure
/// that path); the rest is inserted in batches through the same EF model, with search text, facet rows and
/// quality from <see cref="DatasetDerivedData"/> (the store's own code), so the database's triggers and
/// generated columns build the same search index the store would.
/// </summary>
internal sealed class CatalogSeeder(IServiceProvider services, int seed)
{
    public const string Tenant = "bench";

    private static readonly string[] Themes = ["AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI", "SOCI", "TECH", "TRAN"];

    private static readonly (string Format, string MediaType, int Weight)[] Formats =
    [
        ("CSV", "text/csv", 30), ("JSON", "application/json", 12), ("GEOJSON", "application/geo+json", 10), ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 10),
        ("PDF", "application/pdf", 14), ("WMS_SRVC", "application/xml", 6), ("XML", "application/xml", 6), ("SHP", "application/zip", 5), ("ZIP", "application/zip", 4),
        ("HTML", "text/html", 3),
    ];

    private static readonly string[] Licenses = ["dl-by-de/2.0", "dl-by-de/2.0", "dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0", "cc-zero"];

    private static readonly string[] Frequencies = ["DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "ANNUAL", "IRREG"];

    private readonly GermanText text = new(seed);

    public GermanText Text => text;

    public List<Organization> Organizations { get; private set; } = [];

    public async Task<TenantInfo> EnsureTenantAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<TenantStore>();
        if (await store.FindAsync(Tenant, cancellationToken) is null)
        {
            var created = await store.CreateAsync(new TenantRequest(Tenant, "Benchstadt", "083350000000", "08335000", null, null, null, null), cancellationToken);
            if (created.Tenant is null)
            {
                throw new InvalidOperationException("Could not create tenant bench: " + string.Join("; ", created.Errors.SelectMany(e => e.Value)));
            }
        }

        return await services.GetRequiredService<TenantDirectory>().FindAsync(Tenant, cancellationToken)
            ?? throw new InvalidOperationException("Tenant bench is missing.");
    }

    public async Task<AsyncServiceScope> ScopeAsync(CancellationToken cancellationToken)
    {
        var tenant = await EnsureTenantAsync(cancellationToken);
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        return scope;
    }

    public async Task<SeedReport> SeedAsync(int count, int throughStore, Action<string> log, CancellationToken cancellationToken)
    {
        var groups = new List<CatalogGroup>();
        await using (var scope = await ScopeAsync(cancellationToken))
        {
            var organizations = scope.ServiceProvider.GetRequiredService<OrganizationStore>();
            for (var i = 0; i < 20; i++)
            {
                var noun = text.Nouns[i * 7];
                var (organization, errors) = await organizations.CreateAsync(
                    $"amt-{i + 1:D2}", $"Amt für {noun}", $"Zuständig für {noun} und {text.Nouns[i * 7 + 1]}.", $"amt{i + 1}@benchstadt.example", null, null, cancellationToken);
                Organizations.Add(organization ?? throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value))));
            }

            for (var i = 0; i < 10; i++)
            {
                var (group, _) = await organizations.CreateGroupAsync($"gruppe-{i + 1:D2}", $"Sammlung {text.Nouns[200 + i]}", null, cancellationToken);
                groups.Add(group!);
            }
        }

        // The store path, for the record: one transaction per dataset with activity entry, as editors and the API write.
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < throughStore; i++)
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
            var dataset = Generate(i, groups, out var datasetGroups);
            var input = await store.ToInputAsync(dataset, cancellationToken) with
            {
                Organization = Organizations.First(o => o.Id == dataset.OrganizationId).Name,
                Groups = [.. datasetGroups.Select(g => g.Name)],
                Modified = dataset.Modified,
            };
            var result = await store.CreateAsync(input, CatalogCaller.System("bench"), cancellationToken);
            if (result.Dataset is null)
            {
                throw new InvalidOperationException("Store rejected a generated dataset: " + string.Join("; ", result.Errors!.SelectMany(e => e.Value)));
            }
        }

        var storeMs = throughStore == 0 ? 0 : watch.Elapsed.TotalMilliseconds / throughStore;
        log(string.Create(CultureInfo.InvariantCulture, $"store path: {throughStore} datasets, {storeMs:F1} ms each (100k would take {storeMs * 100 / 60:F0} min)"));

        watch.Restart();
        var facets = 0;
        var saveSeconds = 0.0;
        const int batchSize = 1000;
        for (var start = throughStore; start < count; start += batchSize)
        {
            await using var scope = await ScopeAsync(cancellationToken);
            var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var tenantId = db.CurrentTenantId;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            for (var i = start; i < Math.Min(count, start + batchSize); i++)
            {
                var dataset = Generate(i, groups, out var datasetGroups);
                dataset.TenantId = tenantId;
                var organization = Organizations.First(o => o.Id == dataset.OrganizationId);
                dataset.SearchText = DatasetDerivedData.SearchText(dataset, organization, datasetGroups);
                dataset.Quality = DatasetDerivedData.Quality(dataset);
                db.Add(dataset);
                db.AddRange(datasetGroups.Select(g => new DatasetGroup { TenantId = tenantId, DatasetId = dataset.Id, GroupId = g.Id }));
                var rows = DatasetDerivedData.Facets(dataset, organization, datasetGroups).ToList();
                facets += rows.Count;
                db.AddRange(rows);
            }

            var saving = Stopwatch.StartNew();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            saveSeconds += saving.Elapsed.TotalSeconds;
            if ((start - throughStore) / batchSize % 10 == 9)
            {
                log(string.Create(CultureInfo.InvariantCulture, $"bulk: {start + batchSize} datasets, {watch.Elapsed.TotalSeconds:F0} s"));
            }
        }

        var bulk = watch.Elapsed.TotalSeconds;
        log(string.Create(CultureInfo.InvariantCulture, $"bulk: {bulk:F1} s, of which SaveChanges+commit {saveSeconds:F1} s"));
        return new SeedReport(count, throughStore, Math.Round(storeMs, 2), Math.Round(bulk, 1), Math.Round((count - throughStore) / bulk), Organizations.Count, facets);
    }

    /// <summary>For <c>--reuse</c>: the organisations of an earlier seed, and what is there.</summary>
    public async Task<SeedReport> ReuseAsync(CancellationToken cancellationToken)
    {
        await using var scope = await ScopeAsync(cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        Organizations = await db.Set<Organization>().OrderBy(o => o.Name).ToListAsync(cancellationToken);
        var datasets = await db.Set<Dataset>().CountAsync(cancellationToken);
        var facets = await db.Set<DatasetFacet>().CountAsync(cancellationToken);
        return new SeedReport(datasets, 0, 0, 0, 0, Organizations.Count, facets);
    }

    /// <summary>Dataset number <paramref name="i"/>: a realistic mix of publishers, words, formats, places and access levels.</summary>
    private Dataset Generate(int i, List<CatalogGroup> groups, out List<CatalogGroup> datasetGroups)
    {
        var r = text.Random;
        var now = DateTimeOffset.UtcNow;
        var modified = now.AddMinutes(-r.Next(5 * 365 * 24 * 60));
        modified = new DateTimeOffset(modified.Ticks - modified.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var organization = Organizations[text.ZipfRank(Organizations.Count)];
        var id = Guid.CreateVersion7();
        var dataset = new Dataset
        {
            Id = id,
            Name = $"datensatz-{i:D6}",
            Title = text.Title(2010 + r.Next(16)),
            Notes = text.Notes(),
            OrganizationId = organization.Id,
            Tags = [.. Enumerable.Range(0, 2 + r.Next(4)).Select(_ => text.Noun()).Distinct(StringComparer.Ordinal)],
            Themes = [.. Enumerable.Range(0, 1 + r.Next(2)).Select(_ => text.Pick(Themes)).Distinct(StringComparer.Ordinal)],
            LicenseId = text.Pick(Licenses),
            ContactName = organization.Title,
            ContactEmail = organization.Email,
            Frequency = r.Next(4) == 0 ? null : text.Pick(Frequencies),
            TemporalStart = r.Next(3) == 0 ? null : new DateOnly(2010 + r.Next(10), 1, 1),
            PoliticalGeocodingUri = "http://dcat-ap.de/def/politicalGeocoding/regionalKey/083350000000",
            Issued = modified.AddDays(-r.Next(400)),
            Modified = modified,
            Created = modified,
            Access = r.Next(100) switch { < 90 => AccessLevel.Public, < 96 => AccessLevel.Internal, _ => AccessLevel.Restricted },
            State = r.Next(100) == 0 ? DatasetState.Deleted : DatasetState.Active,
            Version = 1,
            CreatedBy = "bench",
            ModifiedBy = "bench",
        };
        dataset.LicenseAttribution = MeasureQuality.RequiresAttribution(dataset.LicenseId) ? "Benchstadt, " + organization.Title : null;
        if (r.Next(10) < 6)
        {
            // A box inside the city (about 9.0–9.4 E, 47.6–47.9 N), from street size to district size.
            var lon = 9.0 + r.NextDouble() * 0.38;
            var lat = 47.6 + r.NextDouble() * 0.28;
            var size = 0.002 + r.NextDouble() * 0.02;
            dataset.SpatialGeoJson = string.Create(CultureInfo.InvariantCulture,
                $$"""{"type":"Polygon","coordinates":[[[{{lon:F5}},{{lat:F5}}],[{{lon + size:F5}},{{lat:F5}}],[{{lon + size:F5}},{{lat + size:F5}}],[{{lon:F5}},{{lat + size:F5}}],[{{lon:F5}},{{lat:F5}}]]]}""");
            var bounds = GeoJsonBounds.TryParse(dataset.SpatialGeoJson, out _)!.Value;
            (dataset.MinLon, dataset.MinLat, dataset.MaxLon, dataset.MaxLat) = (bounds.MinLon, bounds.MinLat, bounds.MaxLon, bounds.MaxLat);
        }

        var resources = 1 + text.ZipfRank(4);
        for (var p = 0; p < resources; p++)
        {
            var (format, mediaType) = WeightedFormat(r);
            dataset.Resources.Add(new Resource
            {
                Id = Guid.CreateVersion7(),
                DatasetId = id,
                Position = p,
                Name = $"{text.Noun()} {2015 + r.Next(11)}",
                Description = r.Next(2) == 0 ? null : $"{format}-Export der {text.Noun()}.",
                Url = $"https://daten.benchstadt.example/{dataset.Name}/{p}.{format.ToLowerInvariant()}",
                Format = format,
                MediaType = mediaType,
                Size = r.Next(1000, 50_000_000),
                Created = modified,
                Modified = modified,
            });
        }

        datasetGroups = r.Next(3) == 0 ? [groups[r.Next(groups.Count)]] : [];
        return dataset;
    }

    private static (string Format, string MediaType) WeightedFormat(Random r)
    {
        var total = Formats.Sum(f => f.Weight);
        var pick = r.Next(total);
        foreach (var (format, mediaType, weight) in Formats)
        {
            if ((pick -= weight) < 0)
            {
                return (format, mediaType);
            }
        }

        return (Formats[0].Format, Formats[0].MediaType);
    }
}
