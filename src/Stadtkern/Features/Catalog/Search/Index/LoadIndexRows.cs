using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Search.Index;

/// <summary>Loads the current tenant's datasets marked with a change stamp above the given one, with their facet rows.</summary>
internal static class LoadIndexRows
{
    public static async Task<List<IndexedDatasetRow>> ChangedSinceAsync(StadtkernDb db, long stamp, CancellationToken cancellationToken)
    {
        var datasets = await db.Set<Dataset>().AsNoTracking()
            .Where(d => d.ChangeStamp > stamp)
            .Select(d => new
            {
                d.Id,
                d.Name,
                d.Title,
                d.SearchText,
                d.Access,
                d.State,
                d.Modified,
                d.Issued,
                d.MinLon,
                d.MinLat,
                d.MaxLon,
                d.MaxLat,
            })
            .ToListAsync(cancellationToken);
        if (datasets.Count == 0)
        {
            return [];
        }

        var facets = (await (from f in db.Set<DatasetFacet>().AsNoTracking()
                             join d in db.Set<Dataset>() on f.DatasetId equals d.Id
                             where d.ChangeStamp > stamp
                             select new { f.DatasetId, f.Facet, f.Value })
                .ToListAsync(cancellationToken))
            .ToLookup(f => f.DatasetId, f => (f.Facet, f.Value));

        return
        [
            .. datasets.Select(d => new IndexedDatasetRow(
                d.Id,
                d.Name,
                d.Title,
                d.SearchText,
                d.Access,
                d.State == DatasetState.Active,
                d.Modified,
                d.Issued,
                d.MinLon is { } minLon && d.MinLat is { } minLat && d.MaxLon is { } maxLon && d.MaxLat is { } maxLat
                    ? new BoundingBox(minLon, minLat, maxLon, maxLat)
                    : null,
                [.. facets[d.Id]])),
        ];
    }
}
