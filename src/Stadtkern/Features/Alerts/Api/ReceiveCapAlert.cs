using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Publishing;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Alerts.Api;

/// <summary>
/// <c>POST /api/alerts</c>: systems that already produce CAP (control rooms, MoWaS clients) publish with a CAP 1.2 XML body and a
/// staff token. Published at once, or pending when the tenant requires four eyes; Update/Cancel continue the referenced alert.
/// </summary>
internal static class ReceiveCapAlert
{
    public sealed record Response(Guid Id, string State, int Version, bool Unchanged, string Url, string CapUrl);

    private static readonly string[] CapMediaTypes = ["application/cap+xml", "application/xml", "text/xml"];

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/alerts", HandleAsync)
            .RequireAuthorization(Policies.Staff)
            .Accepts<string>("application/cap+xml", "application/xml", "text/xml")
            .WithName("PublishCapAlert")
            .WithSummary("Publish a CAP 1.2 alert (new, Update or Cancel); pending when the tenant requires four eyes.")
            .WithTags("Alerts");

    private static async Task<Results<Created<Response>, Ok<Response>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        IAlertPublisher publisher,
        CapSchema schema,
        IOptions<AlertsOptions> options,
        CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim() ?? "";
        if (!CapMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type", detail: "Send the CAP 1.2 document as application/cap+xml, application/xml or text/xml.");
        }

        var body = await ReadBodyAsync(request, options.Value.MaxCapBytes, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                detail: $"A CAP document may have at most {options.Value.MaxCapBytes} bytes.");
        }

        var errors = Check(body, schema, out var alert);
        if (alert is null || errors.Count > 0)
        {
            return Invalid(errors);
        }

        PublishOutcome outcome;
        try
        {
            outcome = await publisher.PublishAsync(alert, new AlertOrigin(AlertSource.Api, Actor(user)), cancellationToken);
        }
        catch (AlertRejectedException e)
        {
            return Invalid(e.Errors);
        }

        var response = new Response(outcome.AlertId, outcome.State, outcome.Version, outcome.Unchanged,
            AlertLinks.Page(request, outcome.AlertId), AlertLinks.Cap(request, outcome.AlertId));
        return outcome.Unchanged ? TypedResults.Ok(response) : TypedResults.Created(response.Url, response);
    }

    /// <summary>Reader, schema and rules together; every error at once, each once.</summary>
    internal static List<string> Check(string body, CapSchema schema, out CapAlert? alert)
    {
        var read = CapXml.Read(body);
        alert = read.Alert;
        var errors = new List<string>(read.Errors);
        if (errors.Count == 0)
        {
            errors.AddRange(schema.Validate(body));
        }

        if (alert is not null)
        {
            errors.AddRange(CapRules.Validate(alert));
        }

        return [.. errors.Distinct(StringComparer.Ordinal)];
    }

    internal static string Actor(ClaimsPrincipal user)
    {
        var name = user.Identity?.Name ?? "unbekannt";
        return user.Identity?.AuthenticationType == ApiTokenAuthenticationHandler.SchemeName ? "token:" + name : name;
    }

    private static ValidationProblem Invalid(IReadOnlyList<string> errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["cap"] = [.. errors] },
            title: "Das CAP-Dokument wurde nicht angenommen.",
            detail: errors.Count > 0 ? errors[0] : null);

    private static async Task<string?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        // The XML declaration may name another encoding; the reader honours it when given bytes, so decode through it.
        buffer.Position = 0;
        using var reader = new StreamReader(buffer, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
