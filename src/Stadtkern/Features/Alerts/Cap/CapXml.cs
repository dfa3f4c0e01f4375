using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Stadtkern.Features.Alerts.Cap;

/// <summary>
/// CAP 1.2 XML: <see cref="Write"/> produces a document in the element order the OASIS schema prescribes; <see cref="Read"/>
/// parses one strictly (namespace, order, multiplicity, value lists, time format) and refuses DTDs and entities.
/// </summary>
internal static class CapXml
{
    private static readonly XNamespace Ns = CapVocabulary.Namespace;

    /// <summary>Largest accepted document (characters); CAP messages are small, images go by reference.</summary>
    public const long MaxCharacters = 2_000_000;

    /// <summary>CAP's time format: seconds and a numeric offset, never "Z" or fractions.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text.Trim(), "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out time)
        && text.Trim().Length == 25;

    /// <summary>Cuts a time to whole seconds (CAP carries no fractions), in UTC.</summary>
    public static DateTimeOffset ToCapPrecision(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static string Write(CapAlert alert)
    {
        var root = new XElement(Ns + "alert",
            El("identifier", alert.Identifier),
            El("sender", alert.Sender),
            El("sent", FormatTime(alert.Sent)),
            El("status", alert.Status),
            El("msgType", alert.MsgType),
            Opt("source", alert.Source),
            El("scope", alert.Scope),
            Opt("restriction", alert.Restriction),
            Opt("addresses", alert.Addresses),
            alert.Codes.Select(c => El("code", c)),
            Opt("note", alert.Note),
            alert.References.Count > 0 ? El("references", string.Join(' ', alert.References)) : null,
            Opt("incidents", alert.Incidents),
            alert.Infos.Select(WriteInfo));

        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, OmitXmlDeclaration = false };
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "UTF-8", null), root).Save(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static XElement WriteInfo(CapInfo info) => new(Ns + "info",
        El("language", info.Language),
        info.Categories.Select(c => El("category", c)),
        El("event", info.Event),
        info.ResponseTypes.Select(r => El("responseType", r)),
        El("urgency", info.Urgency),
        El("severity", info.Severity),
        El("certainty", info.Certainty),
        Opt("audience", info.Audience),
        info.EventCodes.Select(c => Pair("eventCode", c)),
        info.Effective is { } effective ? El("effective", FormatTime(effective)) : null,
        info.Onset is { } onset ? El("onset", FormatTime(onset)) : null,
        info.Expires is { } expires ? El("expires", FormatTime(expires)) : null,
        Opt("senderName", info.SenderName),
        Opt("headline", info.Headline),
        Opt("description", info.Description),
        Opt("instruction", info.Instruction),
        Opt("web", info.Web),
        Opt("contact", info.Contact),
        info.Parameters.Select(p => Pair("parameter", p)),
        info.Resources.Select(r => new XElement(Ns + "resource",
            El("resourceDesc", r.ResourceDesc),
            El("mimeType", r.MimeType),
            r.Size is { } size ? El("size", size.ToString(CultureInfo.InvariantCulture)) : null,
            Opt("uri", r.Uri),
            Opt("digest", r.Digest))),
        info.Areas.Select(a => new XElement(Ns + "area",
            El("areaDesc", a.AreaDesc),
            a.Polygons.Select(p => El("polygon", p)),
            a.Circles.Select(c => El("circle", c)),
            a.Geocodes.Select(g => Pair("geocode", g)),
            a.Altitude is { } altitude ? El("altitude", altitude.ToString("R", CultureInfo.InvariantCulture)) : null,
            a.Ceiling is { } ceiling ? El("ceiling", ceiling.ToString("R", CultureInfo.InvariantCulture)) : null)));

    private static XElement El(string name, string value) => new(Ns + name, value);

    private static XElement? Opt(string name, string? value) => string.IsNullOrEmpty(value) ? null : new XElement(Ns + name, value);

    private static XElement Pair(string name, CapValue value) => new(Ns + name, El("valueName", value.ValueName), El("value", value.Value));

    /// <summary>Parses a CAP 1.2 document. Errors are German sentences naming the element (for problem details).</summary>
    public static CapReadResult Read(string xml)
    {
        XDocument document;
        try
        {
            document = Load(xml);
        }
        catch (XmlException e)
        {
            return new CapReadResult(null, [$"Kein gültiges XML: {e.Message}"]);
        }

        var root = document.Root!;
        if (root.Name != Ns + "alert")
        {
            return new CapReadResult(null,
                [$"Das Wurzelelement muss <alert> im Namensraum {CapVocabulary.Namespace} sein, nicht <{root.Name.LocalName}> ({root.Name.NamespaceName})."]);
        }

        var errors = new List<string>();
        var alert = new CapReader(errors).ReadAlert(root);
        return new CapReadResult(errors.Count == 0 ? alert : null, errors);
    }

    /// <summary>Loads XML with DTDs prohibited and no resolver, so no entity can be expanded or fetched.</summary>
    internal static XDocument Load(string xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        return XDocument.Load(reader);
    }
}
