using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Pages.Daten;

/// <summary>
/// A dataset's page: metadata, resources, licence, API snippets, quality and history. Internal datasets are
/// 404 for outsiders (<see cref="DataAccess.CanSeeMetadata"/>); resource addresses appear only when
/// <c>DataAccess.CanUseDataAsync</c> allows downloads.
/// </summary>
internal sealed class DatensatzModel(DatasetStore store, DataAccess access, StadtkernDb db) : CatalogPageModel
{
    public Dataset Dataset { get; private set; } = new();

    public IReadOnlyList<CatalogGroup> Groups { get; private set; } = [];

    public bool CanUseData { get; private set; }

    public QualityReport Quality { get; private set; } = new(0, []);

    public IReadOnlyList<DatasetActivity> Activities { get; private set; } = [];

    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public string BaseUrl { get; private set; } = "";

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, bool gespeichert, CancellationToken cancellationToken)
    {
        var dataset = await store.FindAsync(name, cancellationToken);
        if (dataset is null || !DataAccess.CanSeeMetadata(dataset, Caller))
        {
            return NotFound();
        }

        Dataset = dataset;
        CanUseData = await access.CanUseDataAsync(dataset, Caller, DataUse.Download, cancellationToken);
        Groups = await store.GroupsOfAsync(dataset.Id, cancellationToken);
        Quality = MeasureQuality.Of(dataset);
        Activities = await db.Set<DatasetActivity>().AsNoTracking()
            .Where(a => a.DatasetId == dataset.Id).OrderByDescending(a => a.Version).Take(20).ToListAsync(cancellationToken);
        BaseUrl = $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
        Saved = gespeichert;
        return Page();
    }

    /// <summary>Who changed it: members of the tenant see the account, everyone else the editorial office.</summary>
    public string ActorFor(DatasetActivity activity) => Caller.IsMember ? activity.Actor : "Redaktion";
}
