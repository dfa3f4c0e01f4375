using System.Security.Claims;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>Who makes a change (user name or API token name, as history shows it) and the tenant's public base address for
/// the tracking links in e-mails.</summary>
internal sealed record StaffActor(string Name, string BaseUrl)
{
    public static StaffActor From(HttpContext context)
    {
        var name = context.User.FindFirstValue(ClaimTypes.Name) ?? context.User.Identity?.Name ?? "unbekannt";
        var request = context.Request;
        return new StaffActor(name.Length > 200 ? name[..200] : name, $"{request.Scheme}://{request.Host}{request.PathBase}");
    }
}
