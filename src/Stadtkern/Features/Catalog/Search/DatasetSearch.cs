using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Search.Index;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Search;

/// <summary>
/// Searches the current tenant's datasets. The tenant's in-memory index (<see cref="TenantCatalogIndex"/>) answers,
/// after <see cref="CatalogIndexes"/> has brought it up to the change stamp committed in the database, so a search
/// never misses a committed edit (ADR 0005). On PostgreSQL a text query without a single hit is retried as trigram
/// similarity on titles (typos, word fragments). Visibility is decided here for every caller: internal datasets only
/// for members of the tenant who ask for them.
/// </summary>
internal sealed class DatasetSearch(StadtkernDb db, SearchCache cache, CatalogIndexes indexes, SearchSlots slots)
{
    public async Task<DatasetHits> SearchAsync(DatasetQuery query, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var stamp = await CatalogChangeStamp.ReadAsync(db, cancellationToken);
        var seesInternal = query.IncludeInternal && caller.IsMember && !query.PublicOnly;
        if (!cache.Enabled)
        {
            return await ComputeAsync(query, seesInternal, stamp, cancellationToken);
        }

        var key = SearchCache.KeyOf(db.CurrentTenantId, stamp, seesInternal, query);
        if (cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var hits = await ComputeAsync(query, seesInternal, stamp, cancellationToken);
        cache.Set(key, hits);
        return hits;
    }

    private async Task<DatasetHits> ComputeAsync(DatasetQuery query, bool seesInternal, CatalogStamp stamp, CancellationToken cancellationToken)
    {
        var facetFields = query.FacetFields.Where(DatasetStore.FacetNames.Contains).Distinct(StringComparer.Ordinal).ToList();
        var index = await indexes.CurrentAsync(db, stamp, cancellationToken);
        var hits = await slots.RunAsync(() => index.Search(query, seesInternal, facetFields), cancellationToken);
        hits = hits.Total == 0 && db.Database.IsNpgsql() && !string.IsNullOrWhiteSpace(query.Text)
            ? await SimilarTitlesAsync(query, seesInternal, facetFields, cancellationToken)
            : hits;
        return hits with { Stamp = stamp };
    }

    /// <summary>
    /// PostgreSQL's trigram similarity on titles, for a text query the index found nothing for. The SQL is assembled
    /// from fixed fragments; every value is a parameter.
    /// </summary>
    private async Task<DatasetHits> SimilarTitlesAsync(DatasetQuery query, bool seesInternal, List<string> facetFields, CancellationToken cancellationToken)
    {
        var sql = new SqlBuilder();
        var text = sql.Add(query.Text!.Trim());
        var where = new StringBuilder();
        where.Append("d.tenant_id = ").Append(sql.Add(db.CurrentTenantId)).Append(" AND d.state = 'active' AND d.title % ").Append(text);
        if (query.PublicOnly)
        {
            where.Append(" AND d.access = 'public'");
        }
        else if (!seesInternal)
        {
            where.Append(" AND d.access <> 'internal'");
        }

        var tenantParameter = sql.Add(db.CurrentTenantId);
        foreach (var filter in query.Filters)
        {
            where.Append(filter.Negated ? " AND NOT EXISTS" : " AND EXISTS")
                .Append(" (SELECT 1 FROM catalog_dataset_facets f WHERE f.tenant_id = ").Append(tenantParameter)
                .Append(" AND f.dataset_id = d.id AND f.facet = ").Append(sql.Add(filter.Facet))
                .Append(" AND f.value = ").Append(sql.Add(filter.Value)).Append(')');
        }

        if (query.Within is { } box)
        {
            where.Append(" AND d.min_lon IS NOT NULL AND d.min_lon <= ").Append(sql.Add(box.MaxLon))
                .Append(" AND d.max_lon >= ").Append(sql.Add(box.MinLon))
                .Append(" AND d.min_lat <= ").Append(sql.Add(box.MaxLat))
                .Append(" AND d.max_lat >= ").Append(sql.Add(box.MinLat));
        }

        if (query.ModifiedSince is { } since)
        {
            where.Append(" AND d.modified >= ").Append(sql.Add(since));
        }

        var filterSql = "FROM catalog_datasets d WHERE " + where;
        var parameters = sql.Values.ToArray();
        var rows = Math.Clamp(query.Rows, 0, 1000);
        var start = Math.Max(0, query.Start);

#pragma warning disable EF1002, EF1003 // assembled from fixed fragments; every value is a parameter
        var ids = rows == 0
            ? []
            : await db.Database.SqlQueryRaw<Guid>(
                    $"SELECT d.id AS \"Value\" {filterSql} ORDER BY similarity(d.title, {text}) DESC, d.modified DESC, d.id "
                    + $"LIMIT {rows.ToString(CultureInfo.InvariantCulture)} OFFSET {start.ToString(CultureInfo.InvariantCulture)}",
                    parameters)
                .ToListAsync(cancellationToken);
        var total = await db.Database.SqlQueryRaw<long>($"SELECT count(*) AS \"Value\" {filterSql}", parameters).SingleAsync(cancellationToken);

        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal);
        if (facetFields.Count > 0)
        {
            var facetSql = new StringBuilder("SELECT fc.facet AS \"Facet\", fc.value AS \"Value\", count(*) AS \"Count\" FROM catalog_dataset_facets fc WHERE fc.tenant_id = ")
                .Append(tenantParameter).Append(" AND fc.facet IN (");
            for (var i = 0; i < facetFields.Count; i++)
            {
                facetSql.Append(i == 0 ? "" : ", ").Append(sql.Add(facetFields[i]));
            }

            facetSql.Append(") AND fc.dataset_id IN (SELECT d.id ").Append(filterSql).Append(") GROUP BY fc.facet, fc.value");
            var counted = await db.Database.SqlQueryRaw<FacetRow>(facetSql.ToString(), sql.Values.ToArray()).ToListAsync(cancellationToken);
            var limit = query.FacetLimit < 0 ? int.MaxValue : query.FacetLimit;
            foreach (var field in facetFields)
            {
                facets[field] = [.. counted.Where(c => c.Facet == field)
                    .OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal)
                    .Take(limit).Select(c => new FacetCount(c.Value, (int)c.Count))];
            }
        }
#pragma warning restore EF1002, EF1003

        return new DatasetHits((int)total, ids, facets);
    }

    private sealed class FacetRow
    {
        public string Facet { get; set; } = "";

        public string Value { get; set; } = "";

        public long Count { get; set; }
    }

    /// <summary>Collects parameter values and hands out their <c>{n}</c> placeholders.</summary>
    private sealed class SqlBuilder
    {
        public List<object> Values { get; } = [];

        public string Add(object value)
        {
            Values.Add(value);
            return "{" + (Values.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
        }
    }
}
