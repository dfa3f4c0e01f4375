using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Alerts.Displays;

/// <summary>
/// The documented interface for information displays (steles): staff manage displays (role admin), a display registers with its
/// one-time code and then, with its display token, pulls its content, reports heartbeats and uploads screenshots. All under the
/// tenant's path (<c>/t/{slug}/api/displays/...</c>; the default tenant also at the root).
/// </summary>
internal static class DisplaysEndpoints
{
    public const string Tag = "Stelen (Infodisplays)";

    public static IEndpointRouteBuilder MapDisplayApi(this IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapGroup("/api/displays").WithTags(Tag).RequireAuthorization(Policies.Admin);
        staff.MapGet("/", ListAsync).WithName("DisplaysList")
            .WithSummary("List the tenant's displays with their last heartbeat, online state and registration state")
            .WithDescription("A display counts as online when its last heartbeat is younger than Alerts:Displays:OfflineAfterSeconds (default 180 s).");
        staff.MapPost("/", CreateAsync).WithName("DisplaysCreate")
            .WithSummary("Create a display; the response carries its one-time registration code")
            .WithDescription("The registration code (like K7QM-4XPA) is shown only in this response; it expires after Alerts:Displays:RegistrationCodeDays days. "
                + "Give it to the device (POST /api/displays/register) or open the kiosk page /display/{id}#code=CODE on it.");
        staff.MapGet("/{id:guid}", GetAsync).WithName("DisplaysGet").WithSummary("One display");
        staff.MapPut("/{id:guid}", UpdateAsync).WithName("DisplaysUpdate")
            .WithSummary("Change a display's name, location, orientation and layout (tiles: news, sensors, departures)");
        staff.MapPost("/{id:guid}/registration", NewCodeAsync).WithName("DisplaysNewRegistrationCode")
            .WithSummary("Issue a new one-time registration code (for a replaced device); registering with it replaces the display token");
        staff.MapDelete("/{id:guid}/token", RevokeAsync).WithName("DisplaysRevokeToken")
            .WithSummary("Revoke the display's token (and any open registration code); the device gets 401 from now on");
        staff.MapDelete("/{id:guid}", DeleteAsync).WithName("DisplaysDelete").WithSummary("Delete a display and its screenshots");
        staff.MapGet("/{id:guid}/screenshot", ScreenshotAsync).WithName("DisplaysScreenshot")
            .WithSummary("The display's latest screenshot (PNG or JPEG)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png");

        var device = endpoints.MapGroup("/api/displays").WithTags(Tag);
        device.MapPost("/register", RegisterAsync).WithName("DisplaysRegister")
            .WithSummary("A display exchanges its one-time registration code for its display token (shown once)")
            .WithDescription("No authentication: the code is the credential. An unknown, used or expired code is 401.");
        device.MapGet("/me/content", ContentAsync).WithName("DisplaysContent")
            .WithSummary("The display's layout and content: active alerts first, then news, sensor values and departures")
            .WithDescription("Authorization: Bearer <display token>. Poll every pollSeconds with If-None-Match: <last ETag>; an unchanged content "
                + "is 304 without a body. alertActive true means: show the first alert full-screen now. A tile whose source failed has "
                + "available=false and an error text; the rest of the content is unaffected.")
            .Produces<DisplayContent>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        device.MapPost("/me/heartbeat", HeartbeatAsync).WithName("DisplaysHeartbeat")
            .WithSummary("The display reports that it is alive: software version, uptime in seconds and a free status object (≤ 4 KiB)")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        device.MapPut("/me/screenshot", UploadScreenshotAsync).WithName("DisplaysUploadScreenshot")
            .WithSummary("The display uploads a screenshot of itself: the raw PNG or JPEG as body (default limit 2 MiB)")
            .WithDescription("Content-Type image/png, image/jpeg or application/octet-stream; the real type is taken from the file's magic bytes, anything else is 415, a larger body 413. The newest 3 are kept.")
            .Accepts<byte[]>("image/png", "image/jpeg", "application/octet-stream")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return endpoints;
    }

    private static async Task<Ok<IReadOnlyList<DisplayResponse>>> ListAsync(ManageDisplays manage, CancellationToken ct) =>
        TypedResults.Ok(await manage.ListAsync(ct));

    private static async Task<Results<Created<DisplayRegistrationCode>, ValidationProblem>> CreateAsync(
        DisplayInput input, HttpContext http, ManageDisplays manage, CancellationToken ct)
    {
        var (created, errors) = await manage.CreateAsync(input, ct);
        return created is null
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Created($"{http.Request.PathBase}/api/displays/{created.Display.Id}", created);
    }

    private static async Task<Results<Ok<DisplayResponse>, NotFound>> GetAsync(Guid id, ManageDisplays manage, CancellationToken ct) =>
        await manage.FindAsync(id, ct) is { } display ? TypedResults.Ok(display) : TypedResults.NotFound();

    private static async Task<Results<Ok<DisplayResponse>, NotFound, ValidationProblem>> UpdateAsync(
        Guid id, DisplayInput input, ManageDisplays manage, CancellationToken ct)
    {
        var (updated, errors) = await manage.UpdateAsync(id, input, ct);
        return errors.Count > 0 ? TypedResults.ValidationProblem(errors)
            : updated is null ? TypedResults.NotFound()
            : TypedResults.Ok(updated);
    }

    private static async Task<Results<Ok<DisplayRegistrationCode>, NotFound>> NewCodeAsync(Guid id, ManageDisplays manage, CancellationToken ct) =>
        await manage.NewRegistrationCodeAsync(id, ct) is { } code ? TypedResults.Ok(code) : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid id, ManageDisplays manage, CancellationToken ct) =>
        await manage.RevokeAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, ManageDisplays manage, CancellationToken ct) =>
        await manage.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<Results<FileContentHttpResult, NotFound>> ScreenshotAsync(Guid id, HttpContext http, ManageDisplays manage, CancellationToken ct)
    {
        var shot = await manage.LatestScreenshotAsync(id, ct);
        if (shot is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.File(shot.Data, shot.ContentType, lastModified: shot.TakenAt);
    }

    private static async Task<IResult> RegisterAsync(RegisterDisplayRequest request, HttpContext http, RegisterDisplay register, CancellationToken ct)
    {
        var (display, token) = await register.RegisterAsync(request, ct);
        if (display is null || token is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: "The registration code is unknown, already used or expired. Ask the city's staff for a new one.");
        }

        var b = http.Request.PathBase.Value;
        return TypedResults.Ok(new RegisterDisplayResponse(display.Id, display.Name, token,
            $"{b}/api/displays/me/content", $"{b}/api/displays/me/heartbeat", $"{b}/api/displays/me/screenshot", $"{b}/display/{display.Id}"));
    }

    private static async Task<IResult> ContentAsync(HttpContext http, AuthenticateDisplay auth, ReadDisplayContent read, CancellationToken ct)
    {
        var display = await auth.FindAsync(http, tracked: false, ct);
        if (display is null)
        {
            return AuthenticateDisplay.Unauthorized(http);
        }

        var content = await read.ReadAsync(display, http.Request.PathBase.Value ?? "", ct);
        var (body, etag) = ReadDisplayContent.Serialize(content);
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Tag.Equals(etag, StringComparison.Ordinal) || tag.Equals(EntityTagHeaderValue.Any)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(body, "application/json; charset=utf-8");
    }

    private static async Task<IResult> HeartbeatAsync(HeartbeatRequest request, HttpContext http, AuthenticateDisplay auth, ReportHeartbeat heartbeat,
        Microsoft.Extensions.Options.IOptions<DisplayOptions> options, CancellationToken ct)
    {
        var display = await auth.FindAsync(http, tracked: true, ct);
        if (display is null)
        {
            return AuthenticateDisplay.Unauthorized(http);
        }

        var errors = ReportHeartbeat.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var at = await heartbeat.StoreAsync(display, request, http.Connection.RemoteIpAddress?.ToString(), ct);
        return TypedResults.Ok(new HeartbeatResponse(at, options.Value.PollSeconds));
    }

    private static async Task<IResult> UploadScreenshotAsync(HttpContext http, AuthenticateDisplay auth, UploadScreenshot upload, CancellationToken ct)
    {
        var display = await auth.FindAsync(http, tracked: false, ct);
        if (display is null)
        {
            return AuthenticateDisplay.Unauthorized(http);
        }

        if (http.Request.ContentLength > upload.MaxBytes)
        {
            return TooLarge(upload.MaxBytes);
        }

        var data = await upload.ReadLimitedAsync(http.Request.Body, ct);
        if (data is null)
        {
            return TooLarge(upload.MaxBytes);
        }

        var type = UploadScreenshot.Sniff(data);
        if (type is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported screenshot format",
                detail: "A screenshot must be a PNG or JPEG image (checked by its first bytes).");
        }

        var stored = await upload.StoreAsync(display, data, type, ct);
        return TypedResults.Created($"{http.Request.PathBase}/api/displays/{display.Id}/screenshot", stored);
    }

    private static ProblemHttpResult TooLarge(int max) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Screenshot too large",
        detail: string.Create(System.Globalization.CultureInfo.InvariantCulture, $"A screenshot may have at most {max} bytes."));
}
