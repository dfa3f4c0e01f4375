using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Open311;

/// <summary>
/// One Open311 request: its format (from the <c>.json</c>/<c>.xml</c> suffix) and its jurisdiction. <c>jurisdiction_id</c> is a tenant
/// slug: absent means the tenant of the URL; at the root URL it may name any tenant that offers reports (a regional server); under
/// <c>/t/{slug}/</c> it must be that tenant. The services of the call are those of the jurisdiction's tenant.
/// </summary>
internal sealed class Open311Call : IAsyncDisposable
{
    private AsyncServiceScope? owned;

    private Open311Call(Open311Format format, TenantInfo tenant, IServiceProvider services)
    {
        Format = format;
        Tenant = tenant;
        Services = services;
    }

    public Open311Format Format { get; }

    public TenantInfo Tenant { get; }

    public IServiceProvider Services { get; }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Path prefix of the tenant's pages (empty for the default tenant).</summary>
    public string TenantBase => Tenant.IsDefault ? "" : $"/t/{Tenant.Slug}";

    public static async Task<(Open311Call? Call, IResult? Error)> StartAsync(HttpContext http, Open311Format format, string? jurisdiction)
    {
        var current = http.RequestServices.GetRequiredService<TenantContext>().Current;
        TenantInfo? tenant = current;
        IServiceProvider services = http.RequestServices;
        AsyncServiceScope? scope = null;
        if (!string.IsNullOrWhiteSpace(jurisdiction) && !string.Equals(jurisdiction.Trim(), current?.Slug, StringComparison.Ordinal))
        {
            var underTenantPath = http.Request.PathBase.HasValue;
            tenant = underTenantPath
                ? null
                : await http.RequestServices.GetRequiredService<TenantDirectory>().FindAsync(jurisdiction.Trim(), http.RequestAborted);
            if (tenant is not null)
            {
                scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                scope.Value.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
                services = scope.Value.ServiceProvider;
            }
        }

        if (tenant is null || !tenant.Has(Module.Reports))
        {
            if (scope is { } s)
            {
                await s.DisposeAsync();
            }

            return (null, Open311Errors.Result(format, 404, "jurisdiction_id", $"Unknown jurisdiction_id '{jurisdiction}'."));
        }

        return (new Open311Call(format, tenant, services) { owned = scope }, null);
    }

    public async ValueTask DisposeAsync()
    {
        if (owned is { } scope)
        {
            await scope.DisposeAsync();
        }
    }

    /// <summary>Splits "name.json" / "name.xml" into the name and the format; no suffix means JSON. Null for other suffixes.</summary>
    public static (string Name, Open311Format? Format) Split(string raw)
    {
        var dot = raw.LastIndexOf('.');
        if (dot < 0)
        {
            return (raw, Open311Format.Json);
        }

        return (raw[..dot], ParseFormat(raw[(dot + 1)..]));
    }

    public static Open311Format? ParseFormat(string? suffix) => suffix?.ToLowerInvariant() switch
    {
        null or "" or "json" => Open311Format.Json,
        "xml" => Open311Format.Xml,
        _ => null,
    };
}

/// <summary>The Open311 error list: <c>[{"code": 400, "description": "..."}]</c>, in XML <c>&lt;errors&gt;&lt;error&gt;…</c>.</summary>
internal static class Open311Errors
{
    public static IResult Result(Open311Format format, int status, string field, string description) =>
        Result(format, status, [(field, description)]);

    public static IResult Result(Open311Format format, int status, IEnumerable<(string Field, string Description)> errors)
    {
        var list = new Open311List("errors", "error",
            [.. errors.Select(e => Open311Object.Of(("code", status), ("description", e.Description)))]);
        return new Open311Result(Open311Writer.Write(list, format), format, status);
    }

    public static IResult UnknownFormat() =>
        Result(Open311Format.Json, 400, "format", "Unknown format: use .json or .xml.");
}
