using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Files;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung.Katalog.Datastore;

/// <summary>A resource's datastore: its table, recent loads, and the upload of a CSV or GeoJSON file.</summary>
[Authorize(Policy = Policies.DataSteward)]
[RequestSizeLimit(MaxUpload)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxUpload)]
internal sealed class IndexModel(DatastoreAccess access, LoadUpload loader, DatastoreWorker worker, StadtkernDb db, TenantContext tenant) : PageModel
{
    private const long MaxUpload = 2L * 1024 * 1024 * 1024;

    public DatastoreTarget? Target { get; private set; }

    public IReadOnlyList<DatastoreLoadJob> Jobs { get; private set; } = [];

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid resourceId, CancellationToken cancellationToken) =>
        await LoadAsync(resourceId, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid resourceId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await LoadAsync(resourceId, cancellationToken) is { } failed)
        {
            return failed;
        }

        if (file is null || file.Length == 0)
        {
            Error = "Bitte eine CSV- oder GeoJSON-Datei auswählen.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        DatastoreLoadJob job;
        try
        {
            await using var content = file.OpenReadStream();
            job = await loader.StartAsync(Target!.Resource, file.FileName, content, CatalogCaller.From(User), cancellationToken);
        }
        catch (FileTooLargeException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return Page();
        }

        worker.Enqueue(job.Id, tenant.Required.Slug, load: false);
        return RedirectToPage("Auftrag", new { jobId = job.Id });
    }

    private async Task<IActionResult?> LoadAsync(Guid resourceId, CancellationToken cancellationToken)
    {
        try
        {
            Target = await access.WritableAsync(resourceId.ToString(), CatalogCaller.From(User), cancellationToken);
        }
        catch (CkanException e)
        {
            return e.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        }

        Jobs = await db.Set<DatastoreLoadJob>().AsNoTracking().Where(j => j.ResourceId == resourceId)
            .OrderByDescending(j => j.Created).Take(10).ToListAsync(cancellationToken);
        return null;
    }
}
