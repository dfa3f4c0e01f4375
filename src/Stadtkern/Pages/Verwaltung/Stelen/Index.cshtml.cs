using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Alerts.Displays;

namespace Stadtkern.Pages.Verwaltung.Stelen;

/// <summary>The tenant's information displays: last heartbeat (online/offline), last screenshot, create (code shown once),
/// new registration code, revoke, delete.</summary>
internal sealed class IndexModel(ManageDisplays manage, TimeProvider clock) : PageModel
{
    public IReadOnlyList<DisplayResponse> Displays { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    /// <summary>A registration code just issued (shown once), with the display it belongs to.</summary>
    public DisplayRegistrationCode? Issued { get; private set; }

    public string? Error { get; private set; }

    public string? Message { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostCreateAsync(string? name, string? locationText, string? district, CancellationToken cancellationToken)
    {
        var (created, errors) = await manage.CreateAsync(new DisplayInput(name, locationText, District: district), cancellationToken);
        if (created is null)
        {
            Error = errors.ContainsKey("name") ? "Bitte einen Namen mit höchstens 200 Zeichen angeben." : "Die Angaben sind nicht gültig.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        Issued = created;
        await LoadAsync(cancellationToken);
    }

    public async Task OnPostCodeAsync(Guid id, CancellationToken cancellationToken)
    {
        Issued = await manage.NewRegistrationCodeAsync(id, cancellationToken);
        await NotFoundUnlessAsync(Issued is not null, cancellationToken);
    }

    public async Task OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var done = await manage.RevokeAsync(id, cancellationToken);
        Message = done ? "Die Anmeldung der Stele wurde widerrufen. Sie zeigt erst nach einer neuen Registrierung wieder Inhalte." : null;
        await NotFoundUnlessAsync(done, cancellationToken);
    }

    public async Task OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        var done = await manage.DeleteAsync(id, cancellationToken);
        Message = done ? "Die Stele wurde gelöscht." : null;
        await NotFoundUnlessAsync(done, cancellationToken);
    }

    /// <summary>"vor 2 Min." style age of a heartbeat.</summary>
    public string Age(DateTimeOffset at)
    {
        var age = Now - at;
        return age.TotalSeconds < 60 ? "vor weniger als 1 Min."
            : age.TotalMinutes < 60 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"vor {(int)age.TotalMinutes} Min.")
            : age.TotalHours < 48 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"vor {(int)age.TotalHours} Std.")
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"vor {(int)age.TotalDays} Tagen");
    }

    private async Task NotFoundUnlessAsync(bool found, CancellationToken cancellationToken)
    {
        if (!found)
        {
            Error = "Diese Stele gibt es nicht.";
            Response.StatusCode = StatusCodes.Status404NotFound;
        }

        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Displays = await manage.ListAsync(cancellationToken);
    }
}
