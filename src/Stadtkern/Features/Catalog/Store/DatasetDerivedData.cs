using Stadtkern.Features.Catalog.Model;

namespace Stadtkern.Features.Catalog.Store;

/// <summary>
/// What the store derives from a dataset's own data on every write: the search text, the facet rows and the
/// quality score. Pure, so the store, the reindex and bulk loaders compute exactly the same rows.
/// </summary>
internal static class DatasetDerivedData
{
    /// <summary>Everything searchable besides the title; the database indexes it (tsvector / FTS5) together with the title.
    /// Groups in name order, so the text does not depend on the order an editor listed them in.</summary>
    public static string SearchText(Dataset dataset, Organization organization, IEnumerable<CatalogGroup> groups) =>
        string.Join('\n', new[] { dataset.Notes, organization.Title, organization.Name }
            .Concat(dataset.Tags).Concat(dataset.Themes).Concat(groups.OrderBy(g => g.Name, StringComparer.Ordinal).Select(g => g.Title))
            .Concat(dataset.Resources.SelectMany(r => new[] { r.Name, r.Description, r.Format }))
            .Concat(dataset.Extras.Select(e => e.Value))
            .Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>One row per facet value, without duplicates (a dataset with two CSV resources counts once for CSV).</summary>
    public static IEnumerable<DatasetFacet> Facets(Dataset dataset, Organization organization, IEnumerable<CatalogGroup> groups)
    {
        IEnumerable<(string Facet, string Value)> values =
        [
            ("organization", organization.Name),
            ("access", dataset.Access.Key()),
            .. groups.Select(g => ("groups", g.Name)),
            .. dataset.Tags.Select(t => ("tags", t)),
            .. dataset.Themes.Select(t => ("theme", t)),
            .. dataset.Resources.Where(r => r.Format is not null).Select(r => ("res_format", r.Format!)),
        ];
        if (dataset.LicenseId is not null)
        {
            values = values.Append(("license_id", dataset.LicenseId));
        }

        return values.Distinct().Select(v => new DatasetFacet { DatasetId = dataset.Id, TenantId = dataset.TenantId, Facet = v.Facet, Value = v.Value });
    }

    public static int Quality(Dataset dataset) => MeasureQuality.Of(dataset).Score;
}
