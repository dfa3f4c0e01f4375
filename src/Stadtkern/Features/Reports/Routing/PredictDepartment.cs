using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>Body of <c>POST /api/routing/predict</c>.</summary>
internal sealed record PredictRequest(string? Text, string? Category, double? Lat, double? Lon, string? District);

internal sealed record PredictedDepartment(string Department, string DepartmentKey, double Confidence);

/// <summary>Answer of <c>POST /api/routing/predict</c>: department name (as in the history) and key, calibrated confidence,
/// top-3 alternatives (the first is the department itself), and whether the report would be assigned automatically.</summary>
internal sealed record PredictResponse(
    string Department, string DepartmentKey, double Confidence, bool AutoAssign, double Threshold, IReadOnlyList<PredictedDepartment> Alternatives);

/// <summary>
/// <c>POST /api/routing/predict</c> (and <c>/t/{slug}/api/routing/predict</c>) for staff tools: which department a report
/// would go to. Role staff or admin. Bad input → 400 problem details; no trained model yet → 409 problem details (the
/// tenant's state, not a passing outage: it lasts until someone runs <c>routing train</c>).
/// </summary>
internal static class PredictDepartment
{
    public const int MaxTextLength = 10_000;

    public static Dictionary<string, string[]> Validate(PredictRequest input)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(input.Text))
        {
            errors["text"] = ["Der Text der Meldung fehlt."];
        }
        else if (input.Text.Length > MaxTextLength)
        {
            errors["text"] = [$"Der Text darf höchstens {MaxTextLength} Zeichen lang sein."];
        }

        if (input.Lat is { } lat && (!double.IsFinite(lat) || lat is < -90 or > 90))
        {
            errors["lat"] = ["Die Breite liegt zwischen -90 und 90."];
        }

        if (input.Lon is { } lon && (!double.IsFinite(lon) || lon is < -180 or > 180))
        {
            errors["lon"] = ["Die Länge liegt zwischen -180 und 180."];
        }

        if ((input.Lat is null) != (input.Lon is null) && !errors.ContainsKey("lat") && !errors.ContainsKey("lon"))
        {
            errors[input.Lat is null ? "lat" : "lon"] = ["Breite und Länge gehören zusammen."];
        }

        if (input.Category is { Length: > 500 })
        {
            errors["category"] = ["Die Kategorie darf höchstens 500 Zeichen lang sein."];
        }

        return errors;
    }

    public static IEndpointRouteBuilder MapPredictDepartment(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/routing/predict", async Task<Results<Ok<PredictResponse>, ValidationProblem, ProblemHttpResult>> (
                PredictRequest input, IReportRouter router, TenantSettingsStore settings, StadtkernDb db, CancellationToken ct) =>
            {
                var errors = Validate(input);
                if (errors.Count > 0)
                {
                    return TypedResults.ValidationProblem(errors);
                }

                var prediction = await router.PredictAsync(new RoutingInput(input.Text!, input.Category, input.Lat, input.Lon, input.District), ct);
                if (prediction is null)
                {
                    return TypedResults.Problem(
                        title: "Noch kein Router trainiert",
                        detail: "Für diesen Mandanten gibt es noch kein trainiertes Modell (stadtkern routing train --tenant <slug>).",
                        statusCode: StatusCodes.Status409Conflict);
                }

                var names = await db.Set<Department>().AsNoTracking().ToDictionaryAsync(d => d.Key, d => d.Name, StringComparer.Ordinal, ct);
                string Name(string key) => names.GetValueOrDefault(key, key);
                var threshold = (await settings.GetAsync<ReportSettings>(ReportSettings.Section, ct)).AutoAssignThreshold;
                return TypedResults.Ok(new PredictResponse(
                    Name(prediction.DepartmentKey), prediction.DepartmentKey, prediction.Confidence, prediction.AutoAssign, threshold,
                    [.. prediction.Alternatives.Select(a => new PredictedDepartment(Name(a.DepartmentKey), a.DepartmentKey, a.Confidence))]));
            })
            .WithTags("Meldungen")
            .WithName("PredictReportDepartment")
            .WithSummary("Sagt das zuständige Amt einer Meldung voraus (Text, Kategorie, Ort).")
            .RequireAuthorization(Policies.Staff);
        return endpoints;
    }
}
