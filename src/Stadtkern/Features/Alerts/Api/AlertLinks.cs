namespace Stadtkern.Features.Alerts.Api;

/// <summary>Absolute addresses of an alert's page and CAP document, inside the request's tenant (path base /t/{slug}).</summary>
internal static class AlertLinks
{
    public static string Base(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static string Page(HttpRequest request, Guid id) => $"{Base(request)}/alerts/{id}";

    public static string Cap(HttpRequest request, Guid id) => $"{Base(request)}/alerts/{id}.cap.xml";
}
