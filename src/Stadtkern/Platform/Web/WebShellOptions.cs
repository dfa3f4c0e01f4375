namespace Stadtkern.Platform.Web;

/// <summary>
/// Paths of machine APIs that answer in a format of their own and never with a page (the SensorThings API at <c>/v1.1</c>):
/// requests under them skip the web shell's middleware for people (request language, the language cookie, German error pages,
/// static files). Security headers and problem details for error answers without a body stay. A feature adds its path when it
/// registers itself; on a tenant's path (<c>/t/{slug}/v1.1</c>) the path after the tenant counts.
/// </summary>
public sealed class WebShellOptions
{
    public List<PathString> MachineApis { get; } = [];
}
