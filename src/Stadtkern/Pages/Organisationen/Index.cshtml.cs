using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Store;

namespace Stadtkern.Pages.Organisationen;

/// <summary>The publishers with the number of datasets the caller may see and their average metadata quality.</summary>
internal sealed class IndexModel(OrganizationStore organizations, SearchPortal portal) : CatalogPageModel
{
    public IReadOnlyList<(Organization Organization, int Count, int? Quality)> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var stats = await portal.OrganizationStatsAsync(Caller, cancellationToken);
        Rows = [.. (await organizations.ListAsync(cancellationToken))
            .Select(o => stats.TryGetValue(o.Id, out var s) ? (o, s.Count, (int?)s.AverageQuality) : (o, 0, null))
            .OrderBy(r => r.o.Title, StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("de-DE"), ignoreCase: true))];
    }
}
