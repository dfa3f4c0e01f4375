using Microsoft.AspNetCore.Http.HttpResults;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Reports.Workflow;

internal sealed record AssignInput(string? Department, string? Reason);

internal sealed record StatusInput(string? Status, string? Note);

internal sealed record TextInput(string? Text);

internal sealed record ExpectedInput(DateTimeOffset? Expected);

internal sealed record MergeInput(long? Master, string? Note);

/// <summary>The staff API: <c>/api/reports</c> (role staff or admin of the tenant), RFC 9457 problems for bad input.</summary>
internal static class WorkflowEndpoints
{
    public static IEndpointRouteBuilder MapReportWorkflowApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/reports").WithTags("Meldungen").RequireAuthorization(Policies.Staff);

        group.MapGet("", async Task<Results<Ok<ReportPage>, ValidationProblem>> ([AsParameters] ListQuery query, ListReports list, CancellationToken ct) =>
            {
                var filter = query.ToFilter();
                var errors = ListReports.Validate(filter);
                return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(await list.ListAsync(filter, ct));
            })
            .WithName("ListReports").WithSummary("Meldungen für die Bearbeitung, mit Filtern (Abteilung, Status, Kategorie, überfällig, Triage, Text, bbox).");

        group.MapGet("/{id:long}", async Task<Results<Ok<ReportDetail>, ProblemHttpResult>> (long id, GetReportDetail detail, CancellationToken ct) =>
                await detail.GetAsync(id, ct) is { } found ? TypedResults.Ok(found) : NotFound())
            .WithName("GetReport").WithSummary("Eine Meldung mit Kontaktdaten, Fotos und vollständiger Historie.");

        group.MapGet("/{id:long}/duplicates", async Task<Results<Ok<IReadOnlyList<DuplicateCandidate>>, ProblemHttpResult, ValidationProblem>> (
                long id, double? radius, int? days, SuggestDuplicates suggest, CancellationToken ct) =>
            {
                if (radius is { } r && (!double.IsFinite(r) || r is < 1 or > 1000) || days is < 1 or > 365)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal)
                    {
                        ["radius"] = ["radius liegt zwischen 1 und 1000 Metern, days zwischen 1 und 365."],
                    });
                }

                var window = new DuplicateWindow(radius ?? DuplicateWindow.Default.RadiusMeters, days ?? DuplicateWindow.Default.Days);
                return await suggest.SuggestAsync(id, window, ct) is { } found ? TypedResults.Ok(found) : NotFound();
            })
            .WithName("SuggestReportDuplicates").WithSummary("Mögliche Duplikate: gleiche Kategorie, offen, in der Nähe und im selben Zeitraum.");

        group.MapGet("/{id:long}/media/{mediaId:guid}", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (long id, Guid mediaId, GetReportDetail detail, CancellationToken ct) =>
                await detail.PhotoAsync(id, mediaId, ct) is { } photo ? TypedResults.File(photo.Content, photo.ContentType) : NotFound())
            .WithName("GetReportPhotoForStaff").WithSummary("Ein Foto der Meldung (auch nicht freigegebene, nur für die Verwaltung).");

        group.MapPost("/{id:long}/assign", (long id, AssignInput input, AssignReport assign, HttpContext http, CancellationToken ct) =>
                Run(assign.AssignAsync(id, input.Department, StaffActor.From(http), ct)))
            .WithName("AssignReport").WithSummary("Weist eine Meldung ohne Abteilung (Triage) einer Abteilung zu.");

        group.MapPost("/{id:long}/reassign", (long id, AssignInput input, ReassignReport reassign, HttpContext http, CancellationToken ct) =>
                Run(reassign.ReassignAsync(id, input.Department, input.Reason, StaffActor.From(http), ct)))
            .WithName("ReassignReport").WithSummary("Leitet eine Meldung mit Begründung an eine andere Abteilung weiter (daraus lernt das Routing).");

        group.MapPost("/{id:long}/status", (long id, StatusInput input, ChangeStatus change, HttpContext http, CancellationToken ct) =>
                Run(change.ChangeAsync(id, input.Status, input.Note, StaffActor.From(http), ct)))
            .WithName("ChangeReportStatus").WithSummary("Ändert den Status (open, in_progress, closed; erneutes Öffnen: closed → open).");

        group.MapPost("/{id:long}/notes", (long id, TextInput input, AddPublicNote add, HttpContext http, CancellationToken ct) =>
                Run(add.AddAsync(id, input.Text, StaffActor.From(http), ct)))
            .WithName("AddReportPublicNote").WithSummary("Öffentliche Nachricht zur Meldung (status_notes); die meldende Person wird benachrichtigt.");

        group.MapPost("/{id:long}/comments", (long id, TextInput input, AddInternalComment add, HttpContext http, CancellationToken ct) =>
                Run(add.AddAsync(id, input.Text, StaffActor.From(http), ct)))
            .WithName("AddReportInternalComment").WithSummary("Interner Kommentar, nur für die Verwaltung sichtbar.");

        group.MapPost("/{id:long}/expected", (long id, ExpectedInput input, SetExpectedDate set, HttpContext http, CancellationToken ct) =>
                Run(set.SetAsync(id, input.Expected, StaffActor.From(http), ct)))
            .WithName("SetReportExpectedDate").WithSummary("Setzt oder löscht das voraussichtliche Erledigungsdatum.");

        group.MapPost("/{id:long}/merge", (long id, MergeInput input, MergeDuplicate merge, HttpContext http, CancellationToken ct) =>
                input.Master is { } master
                    ? Run(merge.MergeAsync(id, master, input.Note, StaffActor.From(http), ct))
                    : Task.FromResult(WorkflowOutcome.Invalid("master", "Bitte die Nummer der Meldung angeben, mit der zusammengeführt wird.").ToProblem()))
            .WithName("MergeReportDuplicate").WithSummary("Schließt diese Meldung als Duplikat der angegebenen (master).");

        group.MapPost("/{id:long}/media/{mediaId:guid}/release", (long id, Guid mediaId, ReleasePhoto release, HttpContext http, CancellationToken ct) =>
                Run(release.ReleaseAsync(id, mediaId, StaffActor.From(http), ct)))
            .WithName("ReleaseReportPhoto").WithSummary("Gibt ein Foto für die Öffentlichkeit frei.");

        var admin = endpoints.MapGroup("/api/reports/settings").WithTags("Meldungen").RequireAuthorization(Policies.Admin);
        admin.MapGet("", async (EditReportSettings settings, CancellationToken ct) => TypedResults.Ok(new SettingsDto(await settings.GetAsync(ct), await settings.ServiceLevelsAsync(ct))))
            .WithName("GetReportSettings").WithSummary("Einstellungen der Meldungen: Schwelle der automatischen Zuweisung, Benachrichtigungen, Fristen je Kategorie.");
        admin.MapPut("", async Task<Results<Ok<SettingsDto>, ValidationProblem>> (SettingsInput input, EditReportSettings settings, CancellationToken ct) =>
            {
                var current = await settings.GetAsync(ct);
                var changed = current with
                {
                    AutoAssignThreshold = input.AutoAssignThreshold ?? current.AutoAssignThreshold,
                    NotifyReporters = input.NotifyReporters ?? current.NotifyReporters,
                };
                var errors = EditReportSettings.Validate(changed);
                if (errors.Count == 0 && input.ServiceLevels is { Count: > 0 } levels)
                {
                    errors = await settings.SaveServiceLevelsAsync(levels, ct);
                }

                if (errors.Count == 0)
                {
                    errors = await settings.SaveAsync(changed, ct);
                }

                return errors.Count > 0 ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(new SettingsDto(await settings.GetAsync(ct), await settings.ServiceLevelsAsync(ct)));
            })
            .WithName("PutReportSettings").WithSummary("Ändert die Einstellungen der Meldungen (nur angegebene Felder; Fristen je Kategoriecode, null = keine).");
        return endpoints;
    }

    private static async Task<IResult> Run(Task<WorkflowOutcome> action) => (await action).ToProblem();

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "Meldung nicht gefunden.");

    internal sealed record SettingsDto(ReportSettings Settings, IReadOnlyList<ServiceLevel> ServiceLevels);

    internal sealed record SettingsInput(double? AutoAssignThreshold, bool? NotifyReporters, Dictionary<string, int?>? ServiceLevels);

    internal sealed record ListQuery(string? Department, string? Status, string? Service, bool? Overdue, bool? Triage, string? Text, string? Bbox, int? Page, int? PageSize)
    {
        public ReportFilter ToFilter() => new()
        {
            Department = Department,
            Status = Status,
            Service = Service,
            Overdue = Overdue ?? false,
            Triage = Triage ?? false,
            Text = Text,
            Bbox = Bbox,
            Page = Page ?? 1,
            PageSize = PageSize ?? 50,
        };
    }
}
