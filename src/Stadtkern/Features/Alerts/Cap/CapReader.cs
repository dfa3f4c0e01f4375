using System.Globalization;
using System.Xml.Linq;

namespace Stadtkern.Features.Alerts.Cap;

/// <summary>
/// Walks a CAP 1.2 element tree in the schema's sequence order and collects every deviation as a German error, so a sender
/// learns all problems of a message at once. XML signatures (xmldsig) after the info blocks are allowed and ignored.
/// </summary>
internal sealed class CapReader(List<string> errors)
{
    private static readonly XNamespace Ns = CapVocabulary.Namespace;
    private static readonly XNamespace XmlDsig = "http://www.w3.org/2000/09/xmldsig#";

    public CapAlert ReadAlert(XElement root)
    {
        var c = new Cursor(root, "alert", errors);
        var identifier = c.Required("identifier");
        var sender = c.Required("sender");
        var sent = Time(c.Required("sent"), "sent") ?? default;
        var status = Enum(c.Required("status"), "status", CapVocabulary.Statuses);
        var msgType = Enum(c.Required("msgType"), "msgType", CapVocabulary.MsgTypes);
        var source = c.Optional("source");
        var scope = Enum(c.Required("scope"), "scope", CapVocabulary.Scopes);
        var restriction = c.Optional("restriction");
        var addresses = c.Optional("addresses");
        var codes = c.Many("code").Select(e => e.Value).ToList();
        var note = c.Optional("note");
        var references = c.Optional("references")?.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries) ?? [];
        var incidents = c.Optional("incidents");
        var infos = c.Many("info").Select(ReadInfo).ToList();
        c.SkipForeign(XmlDsig);
        c.End();

        NotBlank(identifier, "identifier");
        NotBlank(sender, "sender");
        foreach (var name in new[] { identifier, sender })
        {
            if (name.IndexOfAny([' ', ',', '<', '&']) >= 0)
            {
                errors.Add($"<identifier> und <sender> dürfen keine Leerzeichen, Kommas, < oder & enthalten: „{name}“.");
            }
        }

        return new CapAlert(identifier, sender, sent, status, msgType, scope, source, restriction, addresses, codes, note,
            references, incidents, infos);
    }

    private CapInfo ReadInfo(XElement element)
    {
        var c = new Cursor(element, "info", errors);
        var language = c.Optional("language") ?? "en-US";
        var categories = c.Many("category", min: 1).Select(e => Enum(e.Value, "category", CapVocabulary.Categories)).ToList();
        var eventName = c.Required("event");
        var responseTypes = c.Many("responseType").Select(e => Enum(e.Value, "responseType", CapVocabulary.ResponseTypes)).ToList();
        var urgency = Enum(c.Required("urgency"), "urgency", CapVocabulary.Urgencies);
        var severity = Enum(c.Required("severity"), "severity", CapVocabulary.Severities);
        var certainty = Enum(c.Required("certainty"), "certainty", CapVocabulary.Certainties);
        var audience = c.Optional("audience");
        var eventCodes = c.Many("eventCode").Select(e => Pair(e, "eventCode")).ToList();
        var effective = OptionalTime(c, "effective");
        var onset = OptionalTime(c, "onset");
        var expires = OptionalTime(c, "expires");
        var senderName = c.Optional("senderName");
        var headline = c.Optional("headline");
        var description = c.Optional("description");
        var instruction = c.Optional("instruction");
        var web = c.Optional("web");
        var contact = c.Optional("contact");
        var parameters = c.Many("parameter").Select(e => Pair(e, "parameter")).ToList();
        var resources = c.Many("resource").Select(ReadResource).ToList();
        var areas = c.Many("area").Select(ReadArea).ToList();
        c.End();
        return new CapInfo(language, categories, eventName, responseTypes, urgency, severity, certainty, audience, eventCodes,
            effective, onset, expires, senderName, headline, description, instruction, web, contact, parameters, resources, areas);
    }

    private CapResource ReadResource(XElement element)
    {
        var c = new Cursor(element, "resource", errors);
        var description = c.Required("resourceDesc");
        var mimeType = c.Required("mimeType");
        var sizeText = c.Optional("size");
        long? size = null;
        if (sizeText is not null)
        {
            if (long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                size = parsed;
            }
            else
            {
                errors.Add($"<size> muss eine ganze Zahl sein, nicht „{sizeText}“.");
            }
        }

        var uri = c.Optional("uri");
        c.Optional("derefUri"); // embedded content is not kept
        var digest = c.Optional("digest");
        c.End();
        return new CapResource(description, mimeType, size, uri, digest);
    }

    private CapArea ReadArea(XElement element)
    {
        var c = new Cursor(element, "area", errors);
        var description = c.Required("areaDesc");
        var polygons = c.Many("polygon").Select(e => e.Value.Trim()).ToList();
        var circles = c.Many("circle").Select(e => e.Value.Trim()).ToList();
        var geocodes = c.Many("geocode").Select(e => Pair(e, "geocode")).ToList();
        var altitude = Number(c.Optional("altitude"), "altitude");
        var ceiling = Number(c.Optional("ceiling"), "ceiling");
        c.End();
        return new CapArea(description, polygons, circles, geocodes, altitude, ceiling);
    }

    private CapValue Pair(XElement element, string name)
    {
        var c = new Cursor(element, name, errors);
        var valueName = c.Required("valueName");
        var value = c.Required("value");
        c.End();
        return new CapValue(valueName, value);
    }

    private DateTimeOffset? OptionalTime(Cursor c, string name) => c.Optional(name) is { } text ? Time(text, name) : null;

    private DateTimeOffset? Time(string text, string name)
    {
        if (CapXml.TryParseTime(text, out var time))
        {
            return time;
        }

        if (text.Length > 0)
        {
            errors.Add($"<{name}> „{text}“ ist keine CAP-Zeitangabe (Format 2026-05-24T16:49:00+02:00, ohne „Z“ und Sekundenbruchteile).");
        }

        return null;
    }

    private double? Number(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors.Add($"<{name}> muss eine Zahl sein, nicht „{text}“.");
        return null;
    }

    private string Enum(string value, string name, IReadOnlyList<string> allowed)
    {
        if (value.Length > 0 && !CapVocabulary.Contains(allowed, value))
        {
            errors.Add($"<{name}> „{value}“ ist kein CAP-1.2-Wert (erlaubt: {string.Join(", ", allowed)}).");
        }

        return value;
    }

    private void NotBlank(string value, string name)
    {
        if (value.Length > 0 && string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"<{name}> darf nicht leer sein.");
        }
    }

    /// <summary>Reads the children of one element in order; anything out of sequence or unknown becomes an error.</summary>
    private sealed class Cursor(XElement parent, string parentName, List<string> errors)
    {
        private readonly List<XElement> children = [.. parent.Elements()];
        private int position;

        private XElement? Current => position < children.Count ? children[position] : null;

        public string Required(string name)
        {
            if (Current is { } element && element.Name == Ns + name)
            {
                position++;
                return element.Value.Trim();
            }

            errors.Add($"<{parentName}> braucht <{name}>{Found()}.");
            return "";
        }

        public string? Optional(string name)
        {
            if (Current is { } element && element.Name == Ns + name)
            {
                position++;
                return element.Value.Trim();
            }

            return null;
        }

        public List<XElement> Many(string name, int min = 0)
        {
            var found = new List<XElement>();
            while (Current is { } element && element.Name == Ns + name)
            {
                found.Add(element);
                position++;
            }

            if (found.Count < min)
            {
                errors.Add($"<{parentName}> braucht mindestens ein <{name}>{Found()}.");
            }

            return found;
        }

        public void SkipForeign(XNamespace allowed)
        {
            while (Current is { } element && element.Name.Namespace == allowed)
            {
                position++;
            }
        }

        public void End()
        {
            if (Current is { } element)
            {
                errors.Add($"<{parentName}> enthält <{element.Name.LocalName}> an einer Stelle, an der CAP 1.2 es nicht erlaubt (falsche Reihenfolge, doppelt oder unbekannt).");
            }
        }

        private string Found() => Current is { } element ? $" an dieser Stelle (gefunden: <{element.Name.LocalName}>)" : "";
    }
}
