using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Pages.Verwaltung;

/// <summary>Create (shown once) and revoke the current tenant's API tokens.</summary>
internal sealed class TokensModel(AccountService accounts, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public string? NewSecret { get; private set; }

    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostCreateAsync(string? name, string? role, int? days, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || role is null || !Roles.IsKnown(role) || days is <= 0 or > 3650)
        {
            Error = "Bitte Zweck, eine gültige Rolle und eine Laufzeit zwischen 1 und 3650 Tagen angeben.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            var created = await accounts.CreateTokenAsync(role, name.Trim(), days is int d ? TimeSpan.FromDays(d) : null, cancellationToken);
            NewSecret = created.Secret;
        }

        await LoadAsync(cancellationToken);
    }

    public async Task OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await accounts.RevokeTokenAsync(id, cancellationToken))
        {
            Error = "Dieses Token gibt es nicht.";
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Tokens = await accounts.ListTokensAsync(cancellationToken);
    }
}
