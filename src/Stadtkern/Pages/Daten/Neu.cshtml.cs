using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Stadtkern.Features.Catalog.Portal;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Daten;

/// <summary><c>/daten/neu</c>: a new dataset (data stewards and admins).</summary>
[Authorize(Policy = Policies.DataSteward)]
internal sealed class NeuModel(DatasetStore store, OrganizationStore organizations, StadtkernDb db, TenantContext tenant) : EditorModel(store, organizations, db)
{
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Form = new DatasetForm
        {
            Access = "public",
            LicenseId = "dl-by-de/2.0",
            LicenseAttribution = tenant.Current?.Name is { } city ? "Stadt " + city : null,
            Resources = [new ResourceForm(), new ResourceForm()],
        };
        await PrepareAsync(cancellationToken);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => SubmitAsync(save: true, cancellationToken);

    public Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken) => SubmitAsync(save: false, cancellationToken);
}
