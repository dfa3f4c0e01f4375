using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Pages.Daten;

/// <summary><c>/daten/{name}/bearbeiten</c>: edit a dataset (data stewards and admins).</summary>
[Authorize(Policy = Policies.DataSteward)]
internal sealed class BearbeitenModel(DatasetStore store, OrganizationStore organizations, StadtkernDb db) : EditorModel(store, organizations, db)
{
    public async Task<IActionResult> OnGetAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NotFound();
        }

        Form = DatasetForm.From(Existing!, (await Store.GroupsOfAsync(Existing!.Id, cancellationToken)).Select(g => g.Name));
        Form.Resources.Add(new ResourceForm());
        await PrepareAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) ? await SubmitAsync(save: true, cancellationToken) : NotFound();

    public async Task<IActionResult> OnPostCheckAsync(string name, CancellationToken cancellationToken) =>
        await LoadAsync(name, cancellationToken) ? await SubmitAsync(save: false, cancellationToken) : NotFound();

    private async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        Existing = await Store.FindAsync(name, cancellationToken);
        return Existing is not null;
    }
}
