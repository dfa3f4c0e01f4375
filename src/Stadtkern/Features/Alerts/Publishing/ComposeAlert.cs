using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Publishing;

/// <summary>What staff enter in the compose form (German labels on the page; CAP values here).</summary>
internal sealed record AlertDraft(
    string Event,
    string Category,
    string ResponseType,
    string Severity,
    string Urgency,
    string Certainty,
    string Headline,
    string Description,
    string Instruction,
    DateTimeOffset? Expires,
    string AreaMode,
    string AreaDesc,
    string? Polygon,
    string? Circle,
    string Status = "Actual");

/// <summary>Area choices of the compose form.</summary>
internal static class AreaModes
{
    public const string City = "city";
    public const string Polygon = "polygon";
    public const string Circle = "circle";
}

/// <summary>Turns a staff draft into CAP 1.2 messages: a new alert, an Update of the current message, or the all-clear (Cancel).</summary>
internal static class ComposeAlert
{
    public static string SenderOf(TenantInfo tenant) => $"{tenant.Slug}@stadtkern";

    public static CapAlert New(AlertDraft draft, TenantInfo tenant, DateTimeOffset now, string? web = null)
    {
        var sent = CapXml.ToCapPrecision(now);
        return new CapAlert(NewIdentifier(tenant), SenderOf(tenant), sent, draft.Status, "Alert", "Public", tenant.Name, null, null,
            [], null, [], null, [Info(draft, tenant, sent, web)]);
    }

    public static CapAlert Update(CapAlert current, AlertDraft draft, TenantInfo tenant, DateTimeOffset now, string? web = null)
    {
        var sent = CapXml.ToCapPrecision(now);
        return current with
        {
            Identifier = NewIdentifier(tenant),
            Sent = sent,
            MsgType = "Update",
            Status = draft.Status,
            References = [current.AsReference()],
            Infos = [Info(draft, tenant, sent, web)],
        };
    }

    /// <summary>The all-clear: a Cancel of the current message whose info tells people the danger is over.</summary>
    public static CapAlert Cancel(CapAlert current, string? text, TenantInfo tenant, DateTimeOffset now)
    {
        var sent = CapXml.ToCapPrecision(now);
        var previous = current.InfoFor("de");
        var info = previous is null ? null : previous with
        {
            ResponseTypes = ["AllClear"],
            Urgency = "Past",
            Severity = "Minor",
            Certainty = "Observed",
            Effective = sent,
            Onset = null,
            Expires = null,
            Headline = Cut("Entwarnung: " + (previous.Headline ?? previous.Event), 500),
            Description = string.IsNullOrWhiteSpace(text) ? "Die Gefahr ist vorüber. Die Warnung ist aufgehoben." : text.Trim(),
            Instruction = null,
        };
        return current with
        {
            Identifier = NewIdentifier(tenant),
            Sent = sent,
            MsgType = "Cancel",
            References = [current.AsReference()],
            Infos = info is null ? [] : [info],
        };
    }

    private static CapInfo Info(AlertDraft draft, TenantInfo tenant, DateTimeOffset sent, string? web)
    {
        var area = draft.AreaMode switch
        {
            AreaModes.Polygon => new CapArea(Area(draft, tenant), [Normalise(draft.Polygon)], [], []),
            AreaModes.Circle => new CapArea(Area(draft, tenant), [], [Normalise(draft.Circle)], []),
            _ => new CapArea(Area(draft, tenant), [], [], CityGeocodes(tenant)),
        };
        return new CapInfo("de-DE", [draft.Category], draft.Event.Trim(), [draft.ResponseType], draft.Urgency, draft.Severity, draft.Certainty,
            null, [], sent, null, draft.Expires is { } expires ? CapXml.ToCapPrecision(expires) : null, tenant.Name,
            Cut(draft.Headline.Trim(), 500), Blank(draft.Description), Blank(draft.Instruction), web, tenant.ContactPhone ?? tenant.ContactEmail,
            [], [], [area]);
    }

    private static List<CapValue> CityGeocodes(TenantInfo tenant)
    {
        var codes = new List<CapValue>();
        if (!string.IsNullOrWhiteSpace(tenant.Ars))
        {
            codes.Add(new CapValue("ARS", tenant.Ars));
        }

        if (!string.IsNullOrWhiteSpace(tenant.Ags))
        {
            codes.Add(new CapValue("AGS", tenant.Ags));
        }

        return codes;
    }

    private static string Area(AlertDraft draft, TenantInfo tenant) =>
        string.IsNullOrWhiteSpace(draft.AreaDesc) ? (draft.AreaMode == AreaModes.City ? tenant.Name : "Markiertes Gebiet") : draft.AreaDesc.Trim();

    private static string Normalise(string? geometry) =>
        string.Join(' ', (geometry ?? "").Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..length];

    private static string NewIdentifier(TenantInfo tenant) => $"{tenant.Slug}-{Guid.NewGuid():N}";
}
