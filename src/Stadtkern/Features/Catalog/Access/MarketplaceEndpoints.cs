using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Catalog.Access;

internal sealed record ApproveRequestBody(string? Conditions, DateTimeOffset? Expires);

internal sealed record RejectRequestBody(string? Note);

/// <summary>The data marketplace API under <c>/api/catalog</c> (tag "Datenmarktplatz").</summary>
internal static class MarketplaceEndpoints
{
    public static IEndpointRouteBuilder MapMarketplaceApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/catalog").WithTags("Datenmarktplatz");
        var signedIn = api.MapGroup("").RequireAuthorization(Policies.SignedIn);
        var stewards = api.MapGroup("").RequireAuthorization(Policies.DataSteward);

        signedIn.MapPost("/datasets/{name}/access-requests", CreateRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RequestDataAccess")
            .WithSummary("Asks for the data of a restricted dataset, with a purpose (signed-in people and apps).");
        signedIn.MapGet("/access-requests/mine", OwnRequests)
            .WithName("ListOwnAccessRequests")
            .WithSummary("The caller's own access requests in every municipality, newest first.");
        signedIn.MapPost("/access-requests/{id:guid}/withdraw", Withdraw)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("WithdrawAccessRequest")
            .WithSummary("The requester withdraws an open request.");

        stewards.MapGet("/access-requests", ListRequests)
            .WithName("ListAccessRequests")
            .WithSummary("Access requests of this municipality (data stewards); status=pending (default), approved, rejected, withdrawn or all.");
        stewards.MapPost("/access-requests/{id:guid}/approve", Approve)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("ApproveAccessRequest")
            .WithSummary("Approves an open request with optional conditions and expiry; creates the grant.");
        stewards.MapPost("/access-requests/{id:guid}/reject", Reject)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RejectAccessRequest")
            .WithSummary("Rejects an open request with a note to the requester.");
        stewards.MapGet("/grants", ListGrants)
            .WithName("ListAccessGrants")
            .WithSummary("Grants of this municipality (in force only unless all=true), optionally of one dataset.");
        stewards.MapPost("/datasets/{name}/grants", CreateGrant)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("GrantDataAccess")
            .WithSummary("Grants access to a restricted dataset directly: to a user, a tenant (its administration) or an API token.");
        stewards.MapDelete("/grants/{id:guid}", RevokeGrant)
            .WithName("RevokeAccessGrant")
            .WithSummary("Revokes a grant at once.");
        stewards.MapGet("/audit", ListAudit)
            .WithName("ListAccessAudit")
            .WithSummary("Every decision about restricted data (allowed and denied), newest first; filter by dataset, from, to (ISO 8601), outcome.");
        stewards.MapGet("/audit.csv", ExportAudit)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("ExportAccessAudit")
            .WithSummary("The audit log as CSV, streamed, oldest first; same filters.");
        return endpoints;
    }

    private static async Task<Results<Created<AccessRequestView>, ValidationProblem, ProblemHttpResult, NotFound>> CreateRequest(
        string name, AccessRequestInput body, ClaimsPrincipal user, RequestAccess requests, ListAccess list, CancellationToken cancellationToken)
    {
        var result = await requests.RequestAsync(name, body, CatalogCaller.From(user), cancellationToken);
        return result.Status switch
        {
            MarketStatus.Ok => TypedResults.Created($"/api/catalog/access-requests/mine#{result.Value!.Id}", await list.ViewAsync(result.Value, cancellationToken)),
            MarketStatus.NotFound => TypedResults.NotFound(),
            MarketStatus.Conflict => Conflict(result.Message!),
            _ => TypedResults.ValidationProblem(result.Errors),
        };
    }

    private static async Task<Ok<List<AccessRequestView>>> OwnRequests(ClaimsPrincipal user, ListAccess list, CancellationToken cancellationToken) =>
        TypedResults.Ok(await list.OwnRequestsAsync(CatalogCaller.From(user), cancellationToken));

    private static async Task<Results<Ok<AccessRequestView>, ProblemHttpResult, NotFound, ValidationProblem>> Withdraw(
        Guid id, ClaimsPrincipal user, RequestAccess requests, ListAccess list, CancellationToken cancellationToken) =>
        await Answer(await requests.WithdrawAsync(id, CatalogCaller.From(user), cancellationToken), list, cancellationToken);

    private static async Task<Results<Ok<List<AccessRequestView>>, ValidationProblem>> ListRequests(
        string? status, ListAccess list, CancellationToken cancellationToken)
    {
        AccessRequestStatus? wanted = AccessRequestStatus.Pending;
        if (string.Equals(status, "all", StringComparison.OrdinalIgnoreCase))
        {
            wanted = null;
        }
        else if (status is not null)
        {
            if (!AccessRequestStatuses.TryParse(status, out var parsed))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["pending, approved, rejected, withdrawn oder all."] });
            }

            wanted = parsed;
        }

        return TypedResults.Ok(await list.RequestsAsync(wanted, cancellationToken));
    }

    private static async Task<Results<Ok<AccessRequestView>, ProblemHttpResult, NotFound, ValidationProblem>> Approve(
        Guid id, ApproveRequestBody body, ClaimsPrincipal user, DecideAccessRequest decide, ListAccess list, CancellationToken cancellationToken) =>
        await Answer(await decide.ApproveAsync(id, body.Conditions, body.Expires, CatalogCaller.From(user), cancellationToken), list, cancellationToken);

    private static async Task<Results<Ok<AccessRequestView>, ProblemHttpResult, NotFound, ValidationProblem>> Reject(
        Guid id, RejectRequestBody body, ClaimsPrincipal user, DecideAccessRequest decide, ListAccess list, CancellationToken cancellationToken) =>
        await Answer(await decide.RejectAsync(id, body.Note, CatalogCaller.From(user), cancellationToken), list, cancellationToken);

    private static async Task<Ok<List<AccessGrantView>>> ListGrants(string? dataset, bool? all, ListAccess list, CancellationToken cancellationToken) =>
        TypedResults.Ok(await list.GrantsAsync(dataset, activeOnly: all != true, cancellationToken));

    private static async Task<Results<Created<AccessGrantView>, ValidationProblem, ProblemHttpResult, NotFound>> CreateGrant(
        string name, GrantInput body, ClaimsPrincipal user, GrantAccess grants, ListAccess list, CancellationToken cancellationToken)
    {
        var result = await grants.GrantAsync(name, body, CatalogCaller.From(user), cancellationToken);
        return result.Status switch
        {
            MarketStatus.Ok => TypedResults.Created($"/api/catalog/grants?dataset={Uri.EscapeDataString(name)}", await list.ViewAsync(result.Value!, cancellationToken)),
            MarketStatus.NotFound => TypedResults.NotFound(),
            MarketStatus.Conflict => Conflict(result.Message!),
            _ => TypedResults.ValidationProblem(result.Errors),
        };
    }

    private static async Task<Results<NoContent, NotFound>> RevokeGrant(Guid id, ClaimsPrincipal user, GrantAccess grants, CancellationToken cancellationToken)
    {
        var result = await grants.RevokeAsync(id, CatalogCaller.From(user), cancellationToken);
        return result.Status == MarketStatus.Ok ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<List<AuditView>>, ValidationProblem>> ListAudit(
        string? dataset, DateTimeOffset? from, DateTimeOffset? to, string? outcome, int? limit, int? offset, ReadAuditLog audit, CancellationToken cancellationToken)
    {
        if (Filter(dataset, from, to, outcome) is not { } filter)
        {
            return OutcomeProblem();
        }

        if (limit is < 1 or > ReadAuditLog.MaxPage || offset is < 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit 1–{ReadAuditLog.MaxPage}, offset ≥ 0."] });
        }

        return TypedResults.Ok(await audit.ListAsync(filter, limit ?? 100, offset ?? 0, cancellationToken));
    }

    private static Results<PushStreamHttpResult, ValidationProblem> ExportAudit(
        string? dataset, DateTimeOffset? from, DateTimeOffset? to, string? outcome, ReadAuditLog audit, HttpContext http)
    {
        if (Filter(dataset, from, to, outcome) is not { } filter)
        {
            return OutcomeProblem();
        }

        return TypedResults.Stream(
            stream => audit.WriteCsvAsync(stream, filter, http.RequestAborted),
            "text/csv; charset=utf-8",
            fileDownloadName: "zugriffsprotokoll.csv");
    }

    private static AuditFilter? Filter(string? dataset, DateTimeOffset? from, DateTimeOffset? to, string? outcome) => outcome switch
    {
        null or "" => new AuditFilter(dataset, from, to),
        "allowed" => new AuditFilter(dataset, from, to, true),
        "denied" => new AuditFilter(dataset, from, to, false),
        _ => null,
    };

    private static ValidationProblem OutcomeProblem() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = ["allowed oder denied."] });

    private static async Task<Results<Ok<AccessRequestView>, ProblemHttpResult, NotFound, ValidationProblem>> Answer(
        MarketResult<AccessRequest> result, ListAccess list, CancellationToken cancellationToken) => result.Status switch
        {
            MarketStatus.Ok => TypedResults.Ok(await list.ViewAsync(result.Value!, cancellationToken)),
            MarketStatus.NotFound => TypedResults.NotFound(),
            MarketStatus.Conflict => Conflict(result.Message!),
            _ => TypedResults.ValidationProblem(result.Errors),
        };

    // TypedResults.Problem (not Conflict(problem)) so the body is sent as application/problem+json.
    private static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
