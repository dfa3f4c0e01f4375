using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Api;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Pages.Verwaltung.Warnungen;

/// <summary>One alert for staff: state, delivery per channel, history; approve/reject, update and all-clear.</summary>
internal sealed class WarnungModel(
    StadtkernDb db,
    IAlertPublisher publisher,
    ApproveAlert approvals,
    TenantContext tenant,
    TimeProvider clock) : AlertsPageModel
{
    [BindProperty]
    public AlertForm Form { get; set; } = new();

    [BindProperty]
    public string? AllClearText { get; set; }

    public Alert? Alert { get; private set; }

    public CapAlert? Cap { get; private set; }

    public ChannelPreview? Preview { get; private set; }

    public List<AlertDelivery> Deliveries { get; private set; } = [];

    public List<AlertVersion> History { get; private set; } = [];

    public string? Message { get; private set; }

    public bool IsError { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Form = FormFrom(Alert!, Cap);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "Die Warnung ist freigegeben und wird zugestellt.", () => approvals.ApproveAsync(id, ReceiveCapAlert.Actor(User), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken cancellationToken) =>
        ActAsync(id, "Die Warnung ist abgelehnt.", () => approvals.RejectAsync(id, ReceiveCapAlert.Actor(User), cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostUpdateAsync(Guid id, CancellationToken cancellationToken)
    {
        var problems = Form.Problems();
        if (problems.Count > 0)
        {
            var form = Form;
            await LoadAsync(id, cancellationToken);
            Form = form;
            (Message, IsError) = (string.Join(" ", problems), true);
            return Page();
        }

        return await PublishAsync(id, "Die Aktualisierung ist gesendet.",
            current => ComposeAlert.Update(current, Form.ToDraft(clock.GetUtcNow()), tenant.Required, clock.GetUtcNow()), cancellationToken);
    }

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken cancellationToken) =>
        PublishAsync(id, "Die Entwarnung ist gesendet.", current => ComposeAlert.Cancel(current, AllClearText, tenant.Required, clock.GetUtcNow()), cancellationToken);

    private async Task<IActionResult> PublishAsync(Guid id, string done, Func<CapAlert, CapAlert> compose, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Cap is null)
        {
            return NotFound();
        }

        try
        {
            await publisher.PublishAsync(compose(Cap), new AlertOrigin(AlertSource.Staff, ReceiveCapAlert.Actor(User)), cancellationToken);
            TempData["alert-message"] = done;
            return Redirect(Url.Content($"~/verwaltung/warnungen/{id}"));
        }
        catch (AlertRejectedException e)
        {
            (Message, IsError) = (string.Join(" ", e.Errors), true);
            return Page();
        }
    }

    private async Task<IActionResult> ActAsync(Guid id, string done, Func<Task<string?>> action, CancellationToken cancellationToken)
    {
        var refusal = await action();
        if (refusal is null)
        {
            TempData["alert-message"] = done;
            return Redirect(Url.Content($"~/verwaltung/warnungen/{id}"));
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Form = FormFrom(Alert!, Cap);
        (Message, IsError) = (refusal, true);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        Now = clock.GetUtcNow();
        Alert = await db.Set<Alert>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (Alert is null)
        {
            return false;
        }

        Cap = CapXml.Read(Alert.CapXml).Alert;
        Preview = Cap is null ? null : ChannelPreview.For(Cap);
        Deliveries = await db.Set<AlertDelivery>().AsNoTracking().Where(d => d.AlertId == id)
            .OrderByDescending(d => d.Version).ThenBy(d => d.Channel).ToListAsync(cancellationToken);
        History = await db.Set<AlertVersion>().AsNoTracking().Where(v => v.AlertId == id).OrderBy(v => v.Version).ToListAsync(cancellationToken);
        Message ??= TempData["alert-message"] as string;
        return true;
    }

    private AlertForm FormFrom(Alert alert, CapAlert? cap)
    {
        var info = cap?.InfoFor("de");
        var area = info is { Areas.Count: > 0 } ? info.Areas[0] : null;
        var hours = alert.Expires is { } expires && expires > Now ? Math.Ceiling((expires - Now).TotalHours) : (double?)null;
        return new AlertForm
        {
            Event = alert.Event,
            Category = info is { Categories.Count: > 0 } ? info.Categories[0] : "Safety",
            ResponseType = info is { ResponseTypes.Count: > 0 } ? info.ResponseTypes[0] : "Monitor",
            Severity = alert.Severity,
            Urgency = alert.Urgency,
            Certainty = alert.Certainty,
            Headline = alert.Headline,
            Description = info?.Description,
            Instruction = info?.Instruction,
            DurationHours = hours?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AreaMode = area is null ? AreaModes.City : area.Polygons.Count > 0 ? AreaModes.Polygon : area.Circles.Count > 0 ? AreaModes.Circle : AreaModes.City,
            AreaDesc = area?.AreaDesc,
            Polygon = area is { Polygons.Count: > 0 } ? area.Polygons[0] : null,
            Circle = area is { Circles.Count: > 0 } ? area.Circles[0] : null,
            Exercise = alert.Status == "Exercise",
        };
    }
}
