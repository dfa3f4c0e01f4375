using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>
/// The active alerts for displays: <see cref="ActiveAlerts"/> (most severe first, cached a few seconds per tenant) plus what a stele
/// must show that the list does not carry: the instruction and description of the alert's German info block (from its stored CAP
/// document, parsed once per alert version). Empty when the tenant switched the displays channel off.
/// </summary>
internal sealed class ActiveAlertsForDisplays(
    ActiveAlerts active, TenantSettingsStore settings, StadtkernDb db, IMemoryCache cache) : IDisplayAlerts
{
    public async Task<IReadOnlyList<DisplayAlert>> ActiveAsync(CancellationToken cancellationToken)
    {
        var alerts = await active.CachedAsync(cancellationToken);
        if (alerts.Count == 0
            || !(await settings.GetAsync<AlertSettings>(AlertSettings.Section, cancellationToken)).HasChannel(AlertChannels.Displays))
        {
            return [];
        }

        var texts = new Dictionary<Guid, AlertTexts>();
        var missing = new List<Guid>();
        foreach (var alert in alerts)
        {
            if (cache.TryGetValue(Key(alert), out AlertTexts? known) && known is not null)
            {
                texts[alert.Id] = known;
            }
            else
            {
                missing.Add(alert.Id);
            }
        }

        if (missing.Count > 0)
        {
            var documents = await db.Set<Alert>().AsNoTracking()
                .Where(a => missing.Contains(a.Id))
                .Select(a => new { a.Id, a.Version, a.CapXml })
                .ToListAsync(cancellationToken);
            foreach (var document in documents)
            {
                var read = Texts(document.CapXml);
                texts[document.Id] = read;
                cache.Set($"displays:alert:{document.Id:N}:{document.Version}", read, TimeSpan.FromHours(1));
            }
        }

        return [.. alerts.Select(a =>
        {
            var t = texts.GetValueOrDefault(a.Id) ?? AlertTexts.None;
            return new DisplayAlert(a.Id, a.Severity, a.Urgency, a.Event, a.Headline, t.Description, t.Instruction, a.AreaDesc,
                a.PublishedAt, a.Expires, t.Web, a.Source);
        })];
    }

    private static string Key(ActiveAlert alert) => $"displays:alert:{alert.Id:N}:{alert.Version}";

    /// <summary>The German info block (else the first) of a CAP document; nothing when it cannot be read.</summary>
    internal static AlertTexts Texts(string capXml)
    {
        var alert = string.IsNullOrWhiteSpace(capXml) ? null : CapXml.Read(capXml).Alert;
        var info = alert?.InfoFor("de");
        return info is null ? AlertTexts.None : new AlertTexts(info.Description, info.Instruction, info.Web);
    }

    internal sealed record AlertTexts(string? Description, string? Instruction, string? Web)
    {
        public static AlertTexts None { get; } = new(null, null, null);
    }
}
