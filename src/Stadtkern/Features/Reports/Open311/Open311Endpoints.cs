namespace Stadtkern.Features.Reports.Open311;

/// <summary>Open311 GeoReport v2 under <c>/open311/v2/</c> (and per tenant under <c>/t/{slug}/open311/v2/</c>), JSON and XML.</summary>
internal static class Open311Endpoints
{
    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/open311/v2").WithTags("Open311").DisableAntiforgery();
        group.MapGet("/discovery.{format}", Discovery.Handle).WithName("Open311Discovery").WithSummary("Open311 service discovery");
        group.MapGet("/services.{format}", ListServices.HandleAsync).WithName("Open311Services").WithSummary("Open311: list services");
        group.MapGet("/services", ListServices.HandleAsync).WithName("Open311ServicesNoSuffix").WithSummary("Open311: list services (JSON)");
        group.MapGet("/services/{code}", GetServiceDefinition.HandleAsync).WithName("Open311ServiceDefinition").WithSummary("Open311: service definition ({code}.json or {code}.xml)");
        group.MapGet("/requests.{format}", ListRequests.HandleAsync).WithName("Open311Requests").WithSummary("Open311: list service requests");
        group.MapGet("/requests", ListRequests.HandleAsync).WithName("Open311RequestsNoSuffix").WithSummary("Open311: list service requests (JSON)");
        group.MapGet("/requests/{id}", ListRequests.GetAsync).WithName("Open311Request").WithSummary("Open311: one service request ({id}.json or {id}.xml)");
        group.MapGet("/tokens/{token}", ListRequests.TokenAsync).WithName("Open311Token").WithSummary("Open311: service request id of a token");
        group.MapPost("/requests.{format}", PostRequest.HandleAsync).WithName("Open311PostRequest").WithSummary("Open311: create a service request")
            .RequireRateLimiting(ReportRateLimits.Submit);
        group.MapPost("/requests", PostRequest.HandleAsync).WithName("Open311PostRequestNoSuffix").WithSummary("Open311: create a service request (JSON)")
            .RequireRateLimiting(ReportRateLimits.Submit);
        return endpoints;
    }
}

/// <summary>GET discovery: where this server's GeoReport v2 endpoint is and which formats it speaks.</summary>
internal static class Discovery
{
    public static IResult Handle(HttpContext http, string? format)
    {
        if (Open311Call.ParseFormat(format) is not { } f)
        {
            return Open311Errors.UnknownFormat();
        }

        var endpoint = Open311Object.Of(
            ("specification", "http://wiki.open311.org/GeoReport_v2"),
            ("url", $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/open311/v2"),
            ("changeset", "2026-11-22T00:00:00+01:00"),
            ("type", "production"),
            ("formats", new Open311List("formats", "format", ["application/json", "text/xml"])));
        var document = Open311Object.Of(
            ("changeset", "2026-11-22T00:00:00+01:00"),
            ("contact", "Stadtkern"),
            ("key_service", "API-Schlüssel (Rolle app) gibt die Verwaltung aus."),
            ("endpoints", new Open311List("endpoints", "endpoint", [endpoint])));
        return new Open311Result(Open311Writer.Write("discovery", document, f), f);
    }
}
