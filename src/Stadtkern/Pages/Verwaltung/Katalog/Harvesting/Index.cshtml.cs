using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Harvest;

namespace Stadtkern.Pages.Verwaltung.Katalog.Harvesting;

/// <summary>Sources with their last run, "Jetzt ernten", and the latest runs with live progress.</summary>
internal sealed class IndexModel(HarvestSources sources, HarvestQueue queue) : PageModel
{
    public IReadOnlyList<HarvestSourceResponse> Sources { get; private set; } = [];

    public IReadOnlyList<HarvestRunResponse> Runs { get; private set; } = [];

    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>The runs table alone, polled by htmx every 2 s while a run is active.</summary>
    public async Task<IActionResult> OnGetRunsAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Partial("_Runs", this);
    }

    public async Task<IActionResult> OnPostRunAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source)
        {
            return NotFound();
        }

        var (_, created) = await queue.QueueAsync(source, CatalogCaller.From(User).Actor, cancellationToken);
        Message = created ? $"Ernte für „{source.Name}“ ist eingeplant und beginnt in wenigen Sekunden." : $"Für „{source.Name}“ wartet oder läuft bereits ein Lauf.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await queue.CancelAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        Message = "Der Lauf wird abgebrochen.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResumeAsync(Guid id, CancellationToken cancellationToken)
    {
        Message = await queue.ResumeAsync(id, cancellationToken) is null
            ? "Dieser Lauf lässt sich nicht fortsetzen (nur fehlgeschlagene oder abgebrochene, und nur ohne anderen aktiven Lauf der Quelle)."
            : "Der Lauf wird an der gespeicherten Stelle fortgesetzt.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await sources.DeleteAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Message = "Die Quelle ist gelöscht; geerntete Datensätze bleiben erhalten.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public bool AnyActive => Runs.Any(r => r.Status is "queued" or "running");

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Sources = await sources.ListAsync(cancellationToken);
        var names = Sources.ToDictionary(s => s.Id, s => s.Name);
        Runs = [.. (await sources.RunsAsync(null, 20, cancellationToken)).Select(r => HarvestRunResponse.From(r, names.GetValueOrDefault(r.SourceId)))];
    }
}
