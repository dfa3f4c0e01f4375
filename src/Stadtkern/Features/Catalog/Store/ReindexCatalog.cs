using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>What a reindex did: datasets read, rows it had to correct, and how long it took.</summary>
internal sealed record ReindexSummary(string Tenant, int Datasets, int SearchTextsFixed, int FacetSetsFixed, int QualitiesFixed, double Seconds);

/// <summary>
/// Recomputes every dataset's search text, facet rows and quality score of the current tenant from the stored
/// data, in batches, with the same code the store uses on every write (<see cref="DatasetDerivedData"/>); only
/// rows that differ are written. Then it rebuilds the database's own text index (FTS5 <c>rebuild</c> on SQLite,
/// <c>REINDEX … CONCURRENTLY</c> of the GIN indexes on PostgreSQL; both cover all tenants). For repair after
/// manual SQL, a restore, or a change of the derivation rules; the store never needs it in normal operation.
/// </summary>
internal sealed class ReindexCatalog(StadtkernDb db, TimeProvider clock)
{
    public const int DefaultBatchSize = 1000;

    public async Task<ReindexSummary> RunAsync(int batchSize, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        var organizations = await db.Set<Organization>().AsNoTracking().ToDictionaryAsync(o => o.Id, cancellationToken);
        var groups = await db.Set<CatalogGroup>().AsNoTracking().ToDictionaryAsync(g => g.Id, cancellationToken);
        var ids = await db.Set<Dataset>().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(cancellationToken);

        int done = 0, texts = 0, facetSets = 0, qualities = 0;
        foreach (var chunk in ids.Chunk(Math.Max(1, batchSize)))
        {
            var batch = await db.Set<Dataset>().Include(d => d.Resources).Where(d => chunk.Contains(d.Id)).ToListAsync(cancellationToken);
            var links = (await db.Set<DatasetGroup>().AsNoTracking().Where(l => chunk.Contains(l.DatasetId)).ToListAsync(cancellationToken))
                .ToLookup(l => l.DatasetId, l => groups[l.GroupId]);
            var stored = (await db.Set<DatasetFacet>().AsNoTracking().Where(f => chunk.Contains(f.DatasetId)).ToListAsync(cancellationToken))
                .ToLookup(f => f.DatasetId, f => (f.Facet, f.Value));

            var stale = new List<Guid>();
            var fresh = new List<DatasetFacet>();
            foreach (var dataset in batch)
            {
                // Resources in their stored order, as the store sees them when it writes.
                dataset.Resources.Sort((a, b) => a.Position.CompareTo(b.Position));
                var organization = organizations[dataset.OrganizationId];
                var datasetGroups = links[dataset.Id].OrderBy(g => g.Name, StringComparer.Ordinal).ToList();

                var text = DatasetDerivedData.SearchText(dataset, organization, datasetGroups);
                if (!string.Equals(text, dataset.SearchText, StringComparison.Ordinal))
                {
                    dataset.SearchText = text;
                    texts++;
                }

                var quality = DatasetDerivedData.Quality(dataset);
                if (quality != dataset.Quality)
                {
                    dataset.Quality = quality;
                    qualities++;
                }

                var facets = DatasetDerivedData.Facets(dataset, organization, datasetGroups).ToList();
                if (!facets.Select(f => (f.Facet, f.Value)).ToHashSet().SetEquals(stored[dataset.Id]))
                {
                    stale.Add(dataset.Id);
                    fresh.AddRange(facets);
                    facetSets++;
                }
            }

            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                if (stale.Count > 0)
                {
                    await db.Set<DatasetFacet>().Where(f => stale.Contains(f.DatasetId)).ExecuteDeleteAsync(cancellationToken);
                    db.AddRange(fresh);
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            done += batch.Count;
            progress?.Report(done);
        }

        await RebuildTextIndexAsync(cancellationToken);
        await CatalogChangeStamp.MarkChangedAsync(db, null, cancellationToken); // search indexes and cached results may predate the repair
        var tenant = await db.Tenants.Where(t => t.Id == db.CurrentTenantId).Select(t => t.Slug).SingleAsync(cancellationToken);
        return new ReindexSummary(tenant, done, texts, facetSets, qualities, Math.Round(clock.GetElapsedTime(started).TotalSeconds, 3));
    }

    private async Task RebuildTextIndexAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // CONCURRENTLY: searches keep using the old index while the new one is built.
            await db.Database.ExecuteSqlRawAsync("REINDEX INDEX CONCURRENTLY ix_catalog_datasets_search", cancellationToken);
            await db.Database.ExecuteSqlRawAsync("REINDEX INDEX CONCURRENTLY ix_catalog_datasets_title_trgm", cancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("INSERT INTO catalog_datasets_fts(catalog_datasets_fts) VALUES ('rebuild')", cancellationToken);
        }
    }
}
