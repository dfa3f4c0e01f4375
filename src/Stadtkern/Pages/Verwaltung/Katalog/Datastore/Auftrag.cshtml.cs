using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung.Katalog.Datastore;

/// <summary>One load job: progress while analysing or loading, the schema to confirm, the report at the end.</summary>
[Authorize(Policy = Policies.DataSteward)]
internal sealed class AuftragModel(LoadUpload loader, DatastoreAccess access, DatastoreWorker worker, TenantContext tenant) : PageModel
{
    public DatastoreLoadJob Job { get; private set; } = null!;

    public DatastoreTarget Target { get; private set; } = null!;

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty]
    public List<FieldEdit> Fields { get; set; } = [];

    [BindProperty]
    public List<string> Key { get; set; } = [];

    /// <summary>One column in the schema editor.</summary>
    internal sealed class FieldEdit
    {
        public string Id { get; set; } = "";

        public DatastoreType Type { get; set; }
    }

    public static string StatusText(LoadStatus status) => status switch
    {
        LoadStatus.Analysing => "Datei wird geprüft",
        LoadStatus.AwaitingConfirmation => "Schema wartet auf Bestätigung",
        LoadStatus.Loading => "Wird geladen",
        LoadStatus.Completed => "Fertig",
        LoadStatus.Failed => "Fehlgeschlagen",
    };

    public async Task<IActionResult> OnGetAsync(Guid jobId, CancellationToken cancellationToken) =>
        await LoadAsync(jobId, cancellationToken) ?? Page();

    /// <summary>The progress fragment htmx polls; when the job moves on, the whole page reloads.</summary>
    public async Task<IActionResult> OnGetFortschrittAsync(Guid jobId, LoadStatus shown, CancellationToken cancellationToken)
    {
        if (await LoadAsync(jobId, cancellationToken) is { } failed)
        {
            return failed;
        }

        if (Job.Status != shown)
        {
            Response.Headers["HX-Refresh"] = "true";
        }

        return Partial("_Fortschritt", this);
    }

    public async Task<IActionResult> OnPostAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(jobId, cancellationToken) is { } failed)
        {
            return failed;
        }

        var inferred = Job.ParsedSchema;
        if (inferred is null || Fields.Count != inferred.Fields.Count)
        {
            return BadRequest();
        }

        var schema = new DatastoreSchema(
            [.. Fields.Select((f, i) => inferred.Fields[i] with { Id = f.Id.Trim(), Type = f.Type })],
            [.. Key.Where(k => Fields.Any(f => f.Id.Trim() == k))]);
        Errors = await loader.ConfirmAsync(jobId, schema, cancellationToken);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        worker.Enqueue(jobId, tenant.Required.Slug, load: true);
        return RedirectToPage(new { jobId });
    }

    /// <summary>Starts an interrupted job again (after a restart) from where it can: analysis or load.</summary>
    public async Task<IActionResult> OnPostNeuAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(jobId, cancellationToken) is { } failed)
        {
            return failed;
        }

        if (Job.Status is LoadStatus.Analysing or LoadStatus.Loading)
        {
            worker.Enqueue(jobId, tenant.Required.Slug, load: Job.Status == LoadStatus.Loading);
        }

        return RedirectToPage(new { jobId });
    }

    private async Task<IActionResult?> LoadAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await loader.FindAsync(jobId, cancellationToken);
        if (job is null)
        {
            return NotFound();
        }

        try
        {
            Target = await access.WritableAsync(job.ResourceId.ToString(), CatalogCaller.From(User), cancellationToken);
        }
        catch (CkanException e)
        {
            return e.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        }

        Job = job;
        return null;
    }
}
