using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Intake;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Open311;

/// <summary>
/// POST requests: <c>application/x-www-form-urlencoded</c> as the spec says, or <c>multipart/form-data</c> with a <c>media</c> file.
/// <c>api_key</c> (or a bearer token) must be an API token with role <c>app</c> (staff and admin tokens work too) of the jurisdiction.
/// The answer is 201 with <c>[{service_request_id, token, service_notice, account_id}]</c>; a rejected photo does not fail the
/// request: the report is kept and <c>service_notice</c> says why the photo was not taken.
/// </summary>
internal static class PostRequest
{
    private static readonly string[] AcceptedRoles = [Roles.App, Roles.Staff, Roles.Admin];

    public static async Task<IResult> HandleAsync(HttpContext http, string? format, CancellationToken cancellationToken)
    {
        if (Open311Call.ParseFormat(format) is not { } f)
        {
            return Open311Errors.UnknownFormat();
        }

        if (!http.Request.HasFormContentType)
        {
            return Open311Errors.Result(f, 400, "content-type", "Send the request as application/x-www-form-urlencoded or multipart/form-data.");
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            var status = exception is BadHttpRequestException bad ? bad.StatusCode : 400;
            return Open311Errors.Result(f, status, "body", "The request body could not be read: " + exception.Message);
        }

        var (call, error) = await Open311Call.StartAsync(http, f, form["jurisdiction_id"]);
        if (call is null)
        {
            return error!;
        }

        await using (call)
        {
            if (!await IsAuthorisedAsync(call, form["api_key"].ToString(), http.Request.Headers.Authorization.ToString(), cancellationToken))
            {
                return Open311Errors.Result(f, 403, "api_key", "api_key is missing or not an API token with role 'app' of this jurisdiction.");
            }

            var parseErrors = new List<(string, string)>();
            var input = new NewReport
            {
                ServiceCode = form["service_code"],
                Description = form["description"],
                Lat = Coordinate(form["lat"], "lat", parseErrors),
                Lon = Coordinate(form["long"], "long", parseErrors),
                Address = form["address_string"],
                AddressId = form["address_id"],
                Zipcode = form["zipcode"],
                Attributes = Attributes(form),
                Email = form["email"],
                FirstName = form["first_name"],
                LastName = form["last_name"],
                Phone = form["phone"],
                DeviceId = form["device_id"],
                MediaUrl = form["media_url"],
                Photos = await PhotosAsync(form, cancellationToken),
                Source = ReportSources.Open311,
                RequireService = true,
            };
            if (parseErrors.Count > 0)
            {
                return Open311Errors.Result(f, 400, parseErrors);
            }

            var outcome = await call.Get<SubmitReport>().SubmitAsync(input, cancellationToken);
            if (outcome.Report is not { } report)
            {
                var status = outcome.Errors.Max(e => e.Status);
                return Open311Errors.Result(f, status, outcome.Errors.Select(e => (e.Field, e.Message)));
            }

            var list = new Open311List("service_requests", "request",
            [
                Open311Object.Of(
                    ("service_request_id", report.Id),
                    ("token", report.Token),
                    ("service_notice", outcome.Notice),
                    ("account_id", null)),
            ]);
            var location = $"{http.Request.PathBase}/open311/v2/requests/{report.Id.ToString(CultureInfo.InvariantCulture)}.{(f == Open311Format.Xml ? "xml" : "json")}";
            http.Response.Headers.Location = location;
            return new Open311Result(Open311Writer.Write(list, f), f, StatusCodes.Status201Created);
        }
    }

    private static async Task<bool> IsAuthorisedAsync(Open311Call call, string apiKey, string authorization, CancellationToken cancellationToken)
    {
        var secret = string.IsNullOrWhiteSpace(apiKey) ? ApiTokenAuthenticationHandler.ReadToken(authorization) : apiKey.Trim();
        if (secret is null)
        {
            return false;
        }

        var hash = ApiToken.Hash(secret);
        var token = await call.Get<StadtkernDb>().ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        return token is not null
            && token.TenantId == call.Tenant.Id
            && token.IsActive(call.Get<TimeProvider>().GetUtcNow())
            && AcceptedRoles.Contains(token.Role, StringComparer.Ordinal);
    }

    private static double? Coordinate(string? raw, string field, List<(string, string)> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        errors.Add((field, $"{field} '{raw}' is not a number (decimal point, WGS 84)."));
        return null;
    }

    /// <summary><c>attribute[code]=value</c>, and for multivaluelist <c>attribute[code][]=a&amp;attribute[code][]=b</c>.</summary>
    internal static Dictionary<string, IReadOnlyList<string>> Attributes(IFormCollection form)
    {
        var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (!key.StartsWith("attribute[", StringComparison.Ordinal))
            {
                continue;
            }

            var close = key.IndexOf(']', StringComparison.Ordinal);
            if (close <= "attribute[".Length)
            {
                continue;
            }

            var code = key["attribute[".Length..close];
            if (!answers.TryGetValue(code, out var list))
            {
                answers[code] = list = [];
            }

            list.AddRange(values.OfType<string>());
        }

        return answers.ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value, StringComparer.Ordinal);
    }

    private static async Task<IReadOnlyList<UploadedPhoto>> PhotosAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var photos = new List<UploadedPhoto>();
        foreach (var file in form.Files.Where(f => f.Name is "media" or "media[]"))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, cancellationToken);
            photos.Add(new UploadedPhoto(file.FileName, file.ContentType, buffer.ToArray()));
        }

        return photos;
    }
}
