using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Sensing.Mqtt;

/// <summary>
/// Notes every entity that a SensorThings request created (201 with a <c>Location</c>) or updated (PATCH/PUT of an entity,
/// 200) and queues it for publication. Observations are queued by <see cref="PublishingObservationWriter"/> instead.
/// Entities created inline by a deep insert are not noted (only the one the request addressed).
/// </summary>
internal sealed partial class CaptureEntityChanges(SensingChanges changes)
{
    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var method = context.Request.Method;
        var write = HttpMethods.IsPost(method) || HttpMethods.IsPatch(method) || HttpMethods.IsPut(method);
        if (!changes.Enabled || !write || !context.Request.Path.Value!.Contains("/v1.1/", StringComparison.Ordinal))
        {
            await next();
            return;
        }

        var update = !HttpMethods.IsPost(method);
        if (update)
        {
            context.Request.EnableBuffering();
        }

        await next();
        var tenant = context.RequestServices.GetService<TenantContext>()?.Current;
        if (tenant is null)
        {
            return;
        }

        if (!update && context.Response.StatusCode == StatusCodes.Status201Created
            && EntityAt(context.Response.Headers.Location.ToString()) is { } created && created.Set != "Observations")
        {
            changes.Add(new SensingChange(tenant.Id, created.Set, created.Id, Created: true, []));
        }
        else if (update && context.Response.StatusCode == StatusCodes.Status200OK
            && EntityAt(context.Request.Path.Value) is { } updated)
        {
            changes.Add(new SensingChange(tenant.Id, updated.Set, updated.Id, Created: false, await PropertyNamesAsync(context, updated.Set)));
        }
    }

    /// <summary>The entity set and id of a URL or path ending in <c>/v1.1/Set(id)</c>; null otherwise.</summary>
    internal static (string Set, long Id)? EntityAt(string? url)
    {
        var match = url is null ? null : EntityPath().Match(url);
        if (match is null || !match.Success || !SensingSchema.Sets.ContainsKey(match.Groups[1].Value)
            || !long.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        return (match.Groups[1].Value, id);
    }

    private static async Task<IReadOnlyList<string>> PropertyNamesAsync(HttpContext context, string set)
    {
        try
        {
            context.Request.Body.Position = 0;
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var entitySet = SensingSchema.Sets[set];
            return [.. body.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "id" && entitySet.FindProperty(n) is not null)];
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException or ObjectDisposedException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"/v1\.1/([A-Za-z]+)\(([0-9]{1,19})\)$", RegexOptions.CultureInvariant)]
    private static partial Regex EntityPath();
}

/// <summary>Puts <see cref="CaptureEntityChanges"/> at the start of the pipeline (so it sees the final status and Location).</summary>
internal sealed class CaptureEntityChangesStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var capture = app.ApplicationServices.GetRequiredService<CaptureEntityChanges>();
        app.Use((context, nextMiddleware) => capture.InvokeAsync(context, () => nextMiddleware(context)));
        next(app);
    };
}
