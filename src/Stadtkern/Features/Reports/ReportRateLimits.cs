using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Reports.Open311;

namespace Stadtkern.Features.Reports;

/// <summary>
/// The rate limit on new reports (web form and Open311 POST): a fixed window per client IP address, sized by
/// <see cref="ReportsOptions"/>. Only POSTs count, so the form itself can be loaded freely. Rejected callers get 429
/// (with an Open311 error list on the Open311 endpoints) and a Retry-After header.
/// </summary>
internal static class ReportRateLimits
{
    public const string Submit = "reports-submit";

    public static IServiceCollection AddReportRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ReportsOptions>>((limiter, reports) =>
        {
            limiter.AddPolicy(Submit, http =>
            {
                // The web form's "show the category's questions" post (no JavaScript) stores nothing.
                if (!HttpMethods.IsPost(http.Request.Method) || string.Equals(http.Request.Query["handler"], "Angaben", StringComparison.Ordinal))
                {
                    return RateLimitPartition.GetNoLimiter("read");
                }

                var key = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, reports.Value.SubmitPermitLimit),
                    Window = TimeSpan.FromSeconds(Math.Max(1, reports.Value.SubmitWindowSeconds)),
                    QueueLimit = 0,
                });
            });
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var response = context.HttpContext.Response;
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(reports.Value.SubmitWindowSeconds);
                response.Headers.RetryAfter = Math.Ceiling(seconds.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                if (context.HttpContext.Request.Path.StartsWithSegments("/open311", StringComparison.Ordinal))
                {
                    var format = context.HttpContext.Request.Path.Value!.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? Open311Format.Xml : Open311Format.Json;
                    var body = Open311Writer.Write(
                        new Open311List("errors", "error", [Open311Object.Of(("code", 429), ("description", "Too many requests: please wait before sending another report."))]),
                        format);
                    response.ContentType = Open311Writer.ContentType(format);
                    await response.Body.WriteAsync(body, cancellationToken);
                }
                else
                {
                    response.ContentType = "text/plain; charset=utf-8";
                    await response.WriteAsync("Zu viele Meldungen in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es dann erneut.", cancellationToken);
                }
            };
        });
        return services;
    }
}
