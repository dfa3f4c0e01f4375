using System.Text;
using System.Xml;
using System.Xml.Linq;
using Stadtkern.Features.Alerts.Api;
using Stadtkern.Features.Alerts.Cap;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Feeds;

/// <summary>
/// The public feeds: <c>/alerts/feed.atom</c> (Atom 1.0 for feed readers), <c>/alerts/cap.xml</c> (the CAP index: an Atom feed as
/// in OASIS "Example Practices: CAP Feeds", each entry linking its CAP document and carrying it as content) and
/// <c>/alerts/{id}.cap.xml</c> (the current CAP 1.2 message of one alert).
/// </summary>
internal static class AlertFeeds
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public const string CapMediaType = "application/cap+xml";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/alerts/feed.atom", (HttpContext c, AlertQueries q, TenantContext t, TimeProvider clock, CancellationToken ct) =>
                FeedAsync(c, q, t, clock, withCap: false, ct))
            .WithName("AlertsAtomFeed").WithSummary("Alerts as an Atom 1.0 feed.").WithTags("Alerts");
        endpoints.MapGet("/alerts/cap.xml", (HttpContext c, AlertQueries q, TenantContext t, TimeProvider clock, CancellationToken ct) =>
                FeedAsync(c, q, t, clock, withCap: true, ct))
            .WithName("AlertsCapIndex").WithSummary("CAP 1.2 index: Atom feed whose entries link and contain each alert's CAP message.").WithTags("Alerts");
        endpoints.MapGet("/alerts/{id:guid}.cap.xml", CapAsync)
            .WithName("AlertCap").WithSummary("The current CAP 1.2 message of one alert.").WithTags("Alerts");
    }

    private static async Task<IResult> CapAsync(Guid id, AlertQueries queries, CancellationToken cancellationToken)
    {
        var alert = await queries.FindPublishedAsync(id, cancellationToken);
        return alert is null
            ? TypedResults.Problem(statusCode: 404, title: "No such published alert in this tenant.")
            : TypedResults.Text(alert.CapXml, "application/xml; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> FeedAsync(HttpContext context, AlertQueries queries, TenantContext tenant, TimeProvider clock, bool withCap,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var alerts = await queries.PublishedAsync(cancellationToken);
        var request = context.Request;
        var self = AlertLinks.Base(request) + (withCap ? "/alerts/cap.xml" : "/alerts/feed.atom");
        var name = tenant.Current?.Name ?? "Stadtkern";
        var feed = new XElement(Atom + "feed",
            new XAttribute(XNamespace.Xml + "lang", "de"),
            new XElement(Atom + "id", self),
            new XElement(Atom + "title", $"Warnungen – {name}"),
            new XElement(Atom + "updated", Time(alerts.Count > 0 ? alerts.Max(a => a.UpdatedAt) : now)),
            new XElement(Atom + "author", new XElement(Atom + "name", name)),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("href", self)),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"),
                new XAttribute("href", AlertLinks.Base(request) + "/alerts")),
            alerts.Select(a => Entry(request, a, now, withCap)));

        context.Response.Headers.CacheControl = "public, max-age=5";
        var text = Serialize(feed);
        return TypedResults.Text(text, "application/atom+xml; charset=utf-8", Encoding.UTF8);
    }

    private static XElement Entry(HttpRequest request, PublicAlert alert, DateTimeOffset now, bool withCap)
    {
        var state = alert.PublicState(now) switch
        {
            "cancelled" => "Aufgehoben: ",
            "expired" => "Abgelaufen: ",
            _ => "",
        };
        var info = CapXml.Read(alert.CapXml).Alert?.InfoFor("de");
        var summary = string.Join(" ", new[] { alert.AreaDesc, info?.Description, info?.Instruction }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return new XElement(Atom + "entry",
            new XElement(Atom + "id", $"urn:uuid:{alert.Id}"),
            new XElement(Atom + "title", state + alert.Headline),
            new XElement(Atom + "updated", Time(alert.UpdatedAt)),
            alert.PublishedAt is { } published ? new XElement(Atom + "published", Time(published)) : null,
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"),
                new XAttribute("href", AlertLinks.Page(request, alert.Id))),
            new XElement(Atom + "link", new XAttribute("rel", withCap ? "alternate" : "related"), new XAttribute("type", CapMediaType),
                new XAttribute("href", AlertLinks.Cap(request, alert.Id))),
            new XElement(Atom + "category", new XAttribute("term", alert.Severity), new XAttribute("label", alert.Event)),
            new XElement(Atom + "summary", summary.Length > 0 ? summary : alert.Headline),
            withCap ? new XElement(Atom + "content", new XAttribute("type", CapMediaType), CapXml.Load(alert.CapXml).Root) : null);
    }

    private static string Time(DateTimeOffset time) => XmlConvert.ToString(time.ToUniversalTime().UtcDateTime, XmlDateTimeSerializationMode.Utc);

    private static string Serialize(XElement root)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
