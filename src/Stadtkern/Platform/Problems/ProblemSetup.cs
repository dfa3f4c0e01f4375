using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace Stadtkern.Platform.Problems;

/// <summary>
/// Every error leaves as RFC 9457 problem details: unhandled exceptions (500, without internals),
/// bad request bodies (400 with the parser's reason), and bare status codes such as 401, 403 and 404.
/// </summary>
internal static class ProblemSetup
{
    public static IServiceCollection AddProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.PathBase + context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
        });

        // Minimal APIs report unreadable bodies and parameters as exceptions, so the reason reaches the
        // problem details below instead of an empty 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.AllowTrailingCommas = false);
        services.AddExceptionHandler<BadRequestToProblem>();
        return services;
    }

    public static IApplicationBuilder UseProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        return app;
    }

    /// <summary>Writes a 4xx problem with the parser's message for <see cref="BadHttpRequestException"/>.</summary>
    private sealed class BadRequestToProblem(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }

            httpContext.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails =
                {
                    Status = bad.StatusCode,
                    Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Bad request",
                    Detail = Describe(bad),
                },
            });
        }

        private static string Describe(BadHttpRequestException bad) =>
            bad.InnerException is System.Text.Json.JsonException json
                ? $"The request body is not valid JSON: {json.Message}"
                : bad.Message;
    }
}
