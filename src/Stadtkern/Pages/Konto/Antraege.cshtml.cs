using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Konto;

/// <summary>The signed-in person's access requests in every municipality, with their status; open ones can be withdrawn.</summary>
[Authorize(Policy = Policies.SignedIn)]
internal sealed class AntraegeModel(ListAccess list, RequestAccess requests, TenantDirectory directory) : PageModel
{
    public IReadOnlyList<AccessRequestView> Requests { get; private set; } = [];

    public string? Message { get; private set; }

    public bool IsError { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Requests = await list.OwnRequestsAsync(CatalogCaller.From(User), cancellationToken);

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await requests.WithdrawAsync(id, CatalogCaller.From(User), cancellationToken);
        (Message, IsError) = result.Status switch
        {
            MarketStatus.Ok => ("Der Antrag ist zurückgezogen.", false),
            MarketStatus.Conflict => (result.Message, true),
            _ => ("Diesen Antrag gibt es hier nicht.", true),
        };
        if (IsError)
        {
            Response.StatusCode = result.Status == MarketStatus.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status404NotFound;
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>The URL prefix of a request's municipality: empty for the default tenant, <c>/t/{slug}</c> otherwise.</summary>
    public string BaseOf(AccessRequestView request) =>
        string.Equals(request.Tenant, directory.DefaultSlug, StringComparison.Ordinal) ? "" : "/t/" + request.Tenant;
}
