using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>The operators' harvesting API under <c>/api/catalog/harvest</c> (data stewards and admins of the tenant).</summary>
internal static class HarvestEndpoints
{
    public static IEndpointRouteBuilder MapHarvestApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/catalog/harvest").WithTags("Harvesting").RequireAuthorization(Policies.DataSteward);
        group.MapGet("/sources", ListSources).WithName("ListHarvestSources").WithSummary("Lists the tenant's harvest sources with their latest run.");
        group.MapPost("/sources", CreateSource).WithName("CreateHarvestSource")
            .WithSummary("Creates a harvest source (kind ckan, dcat or stadtkern). Only the instance admin may set allowPrivateNetwork.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/sources/{id:guid}", GetSource).WithName("GetHarvestSource").WithSummary("Shows a harvest source.");
        group.MapPut("/sources/{id:guid}", UpdateSource).WithName("UpdateHarvestSource").WithSummary("Replaces a harvest source's settings.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/sources/{id:guid}", DeleteSource).WithName("DeleteHarvestSource")
            .WithSummary("Deletes a harvest source and its runs; harvested datasets stay.");
        group.MapGet("/sources/{id:guid}/runs", ListRuns).WithName("ListHarvestRuns").WithSummary("The source's latest runs, newest first.");
        group.MapPost("/sources/{id:guid}/runs", StartRun).WithName("StartHarvestRun")
            .WithSummary("Queues a run now; the scheduler of some instance picks it up within seconds.").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/runs/{id:guid}", GetRun).WithName("GetHarvestRun").WithSummary("A run with counts, progress and per-record errors.");
        group.MapPost("/runs/{id:guid}/cancel", CancelRun).WithName("CancelHarvestRun")
            .WithSummary("Cancels a queued run, or asks a running one to stop before its next record.").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/runs/{id:guid}/resume", ResumeRun).WithName("ResumeHarvestRun")
            .WithSummary("Queues a failed or cancelled run again; it continues where it stopped.").ProducesProblem(StatusCodes.Status409Conflict);
        return endpoints;
    }

    private static async Task<Ok<List<HarvestSourceResponse>>> ListSources(HarvestSources sources, CancellationToken cancellationToken) =>
        TypedResults.Ok(await sources.ListAsync(cancellationToken));

    private static async Task<Results<Ok<HarvestSourceResponse>, NotFound>> GetSource(Guid id, HarvestSources sources, CancellationToken cancellationToken) =>
        await sources.FindAsync(id, cancellationToken) is { } source
            ? TypedResults.Ok(HarvestSourceResponse.From(source, await sources.LastRunAsync(id, cancellationToken)))
            : TypedResults.NotFound();

    private static Task<Results<Created<HarvestSourceResponse>, Ok<HarvestSourceResponse>, ValidationProblem, ProblemHttpResult, NotFound, ForbidHttpResult>> CreateSource(
        HarvestSourceRequest request, ClaimsPrincipal user, HarvestSources sources, CancellationToken cancellationToken) =>
        SaveAsync(null, request, user, sources, cancellationToken);

    private static Task<Results<Created<HarvestSourceResponse>, Ok<HarvestSourceResponse>, ValidationProblem, ProblemHttpResult, NotFound, ForbidHttpResult>> UpdateSource(
        Guid id, HarvestSourceRequest request, ClaimsPrincipal user, HarvestSources sources, CancellationToken cancellationToken) =>
        SaveAsync(id, request, user, sources, cancellationToken);

    private static async Task<Results<Created<HarvestSourceResponse>, Ok<HarvestSourceResponse>, ValidationProblem, ProblemHttpResult, NotFound, ForbidHttpResult>> SaveAsync(
        Guid? id, HarvestSourceRequest request, ClaimsPrincipal user, HarvestSources sources, CancellationToken cancellationToken)
    {
        var (status, source, errors) = await sources.SaveAsync(id, request, user.IsPlatformAdmin(), cancellationToken);
        return status switch
        {
            SourceWriteStatus.Ok when id is null => TypedResults.Created($"/api/catalog/harvest/sources/{source!.Id}", HarvestSourceResponse.From(source, null)),
            SourceWriteStatus.Ok => TypedResults.Ok(HarvestSourceResponse.From(source!, await sources.LastRunAsync(source!.Id, cancellationToken))),
            SourceWriteStatus.NotFound => TypedResults.NotFound(),
            SourceWriteStatus.Forbidden => TypedResults.Forbid(),
            SourceWriteStatus.NameTaken => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Name already in use", detail: errors["name"][0]),
            _ => TypedResults.ValidationProblem(errors),
        };
    }

    private static async Task<Results<NoContent, NotFound>> DeleteSource(Guid id, HarvestSources sources, CancellationToken cancellationToken) =>
        await sources.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<Ok<List<HarvestRunResponse>>, NotFound>> ListRuns(Guid id, HarvestSources sources, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source)
        {
            return TypedResults.NotFound();
        }

        var runs = await sources.RunsAsync(id, 50, cancellationToken);
        return TypedResults.Ok(runs.Select(r => HarvestRunResponse.From(r, source.Name)).ToList());
    }

    private static async Task<Results<Accepted<HarvestRunResponse>, NotFound, ProblemHttpResult>> StartRun(
        Guid id, ClaimsPrincipal user, HarvestSources sources, HarvestQueue queue, CancellationToken cancellationToken)
    {
        if (await sources.FindAsync(id, cancellationToken) is not { } source)
        {
            return TypedResults.NotFound();
        }

        var (run, created) = await queue.QueueAsync(source, CatalogCaller.From(user).Actor, cancellationToken);
        return created
            ? TypedResults.Accepted($"/api/catalog/harvest/runs/{run.Id}", HarvestRunResponse.From(run, source.Name))
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A run is already active",
                detail: $"Für diese Quelle wartet oder läuft bereits der Lauf {run.Id}.", extensions: new Dictionary<string, object?> { ["runId"] = run.Id });
    }

    private static async Task<Results<Ok<HarvestRunResponse>, NotFound>> GetRun(Guid id, HarvestSources sources, CancellationToken cancellationToken) =>
        await sources.RunAsync(id, withErrors: true, cancellationToken) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();

    private static async Task<Results<Accepted<HarvestRunResponse>, NotFound, ProblemHttpResult>> CancelRun(
        Guid id, HarvestSources sources, HarvestQueue queue, CancellationToken cancellationToken)
    {
        if (await sources.RunAsync(id, withErrors: false, cancellationToken) is not { } before)
        {
            return TypedResults.NotFound();
        }

        if (before.Status is not ("queued" or "running"))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Run is not active", detail: $"Der Lauf ist bereits beendet ({before.Status}).");
        }

        await queue.CancelAsync(id, cancellationToken);
        return TypedResults.Accepted($"/api/catalog/harvest/runs/{id}", (await sources.RunAsync(id, withErrors: false, cancellationToken))!);
    }

    private static async Task<Results<Accepted<HarvestRunResponse>, NotFound, ProblemHttpResult>> ResumeRun(
        Guid id, HarvestSources sources, HarvestQueue queue, CancellationToken cancellationToken)
    {
        if (await sources.RunAsync(id, withErrors: false, cancellationToken) is null)
        {
            return TypedResults.NotFound();
        }

        return await queue.ResumeAsync(id, cancellationToken) is { } run
            ? TypedResults.Accepted($"/api/catalog/harvest/runs/{id}", (await sources.RunAsync(run.Id, withErrors: false, cancellationToken))!)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Run cannot be resumed",
                detail: "Nur fehlgeschlagene oder abgebrochene Läufe lassen sich fortsetzen, und nur, wenn für die Quelle kein anderer Lauf wartet oder läuft.");
    }
}
