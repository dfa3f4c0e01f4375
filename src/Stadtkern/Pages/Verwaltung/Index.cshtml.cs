using Microsoft.AspNetCore.Mvc.RazorPages;
using Stadtkern.Features.Tenants;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung;

internal sealed class IndexModel(TenantStore store, TenantContext current, MqttConnection mqtt) : PageModel
{
    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    public bool IsPlatformAdmin { get; private set; }

    public MqttConnectionStatus Mqtt { get; private set; } = new(MqttConnectionState.Off, null, null, null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        IsPlatformAdmin = User.IsPlatformAdmin();
        Mqtt = mqtt.Status;
        var all = await store.ListAsync(cancellationToken);
        Tenants = [.. TenantAccess.Visible(all, User, current)];
    }
}
