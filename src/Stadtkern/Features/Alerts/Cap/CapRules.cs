namespace Stadtkern.Features.Alerts.Cap;

/// <summary>
/// The rules of CAP 1.2 that its schema cannot express (section 3.2 of the standard), plus what Stadtkern needs to publish:
/// geometry syntax, time order, references for Update/Cancel, the closed value lists. Pure: errors out, no I/O.
/// </summary>
internal static class CapRules
{
    public static IReadOnlyList<string> Validate(CapAlert alert)
    {
        var errors = new List<string>();
        Known(errors, alert.Status, "status", CapVocabulary.Statuses);
        Known(errors, alert.MsgType, "msgType", CapVocabulary.MsgTypes);
        Known(errors, alert.Scope, "scope", CapVocabulary.Scopes);
        Required(errors, alert.Identifier, "identifier");
        Required(errors, alert.Sender, "sender");

        if (alert.Scope == "Restricted" && string.IsNullOrWhiteSpace(alert.Restriction))
        {
            errors.Add("Bei scope „Restricted“ ist <restriction> Pflicht.");
        }

        if (alert.Scope == "Private" && string.IsNullOrWhiteSpace(alert.Addresses))
        {
            errors.Add("Bei scope „Private“ ist <addresses> Pflicht.");
        }

        if (alert.MsgType is "Update" or "Cancel" or "Ack" or "Error" && alert.References.Count == 0)
        {
            errors.Add($"Eine Nachricht vom Typ „{alert.MsgType}“ muss in <references> die Nachricht nennen, auf die sie sich bezieht.");
        }

        foreach (var reference in alert.References)
        {
            if (ParseReference(reference) is null)
            {
                errors.Add($"Der Verweis „{reference}“ hat nicht die Form absender,kennung,gesendet (Zeit im CAP-Format).");
            }
        }

        if (alert.MsgType is "Alert" or "Update" && alert.Infos.Count == 0)
        {
            errors.Add("Eine Warnung braucht mindestens einen <info>-Block mit Ereignis, Dringlichkeit, Schwere und Gewissheit.");
        }

        for (var i = 0; i < alert.Infos.Count; i++)
        {
            ValidateInfo(errors, alert, alert.Infos[i], alert.Infos.Count > 1 ? $"<info> {i + 1}: " : "");
        }

        return errors;
    }

    /// <summary>A reference "sender,identifier,sent" split into its parts, or null when malformed.</summary>
    public static (string Sender, string Identifier, DateTimeOffset Sent)? ParseReference(string reference)
    {
        var parts = reference.Split(',');
        return parts.Length == 3 && parts[0].Length > 0 && parts[1].Length > 0 && CapXml.TryParseTime(parts[2], out var sent)
            ? (parts[0], parts[1], sent)
            : null;
    }

    private static void ValidateInfo(List<string> errors, CapAlert alert, CapInfo info, string at)
    {
        if (info.Categories.Count == 0)
        {
            errors.Add(at + "Mindestens eine <category> ist Pflicht.");
        }

        foreach (var category in info.Categories)
        {
            Known(errors, category, at + "category", CapVocabulary.Categories);
        }

        foreach (var responseType in info.ResponseTypes)
        {
            Known(errors, responseType, at + "responseType", CapVocabulary.ResponseTypes);
        }

        Known(errors, info.Urgency, at + "urgency", CapVocabulary.Urgencies);
        Known(errors, info.Severity, at + "severity", CapVocabulary.Severities);
        Known(errors, info.Certainty, at + "certainty", CapVocabulary.Certainties);
        Required(errors, info.Event, at + "event");

        var start = info.Effective ?? alert.Sent;
        if (info.Expires is { } expires)
        {
            if (expires <= start)
            {
                errors.Add(at + $"<expires> ({CapXml.FormatTime(expires)}) muss nach dem Beginn der Gültigkeit ({CapXml.FormatTime(start)}) liegen.");
            }

            if (info.Onset is { } onset && expires <= onset)
            {
                errors.Add(at + $"<expires> ({CapXml.FormatTime(expires)}) muss nach dem Eintritt <onset> ({CapXml.FormatTime(onset)}) liegen.");
            }
        }

        if (info.Web is { Length: > 0 } web && !Uri.TryCreate(web, UriKind.Absolute, out _))
        {
            errors.Add(at + $"<web> „{web}“ ist keine vollständige Adresse.");
        }

        foreach (var area in info.Areas)
        {
            var name = string.IsNullOrWhiteSpace(area.AreaDesc) ? "Gebiet" : $"Gebiet „{area.AreaDesc}“";
            Required(errors, area.AreaDesc, at + "areaDesc");
            foreach (var polygon in area.Polygons)
            {
                ValidatePolygon(errors, polygon, at + name);
            }

            foreach (var circle in area.Circles)
            {
                if (CapGeometry.ParseCircle(circle) is null)
                {
                    errors.Add(at + $"{name}: Der Kreis „{circle}“ hat nicht die Form „breite,länge radius-in-km“ mit gültigen Koordinaten.");
                }
            }

            if (area.Altitude is null && area.Ceiling is not null)
            {
                errors.Add(at + $"{name}: <ceiling> setzt <altitude> voraus.");
            }

            foreach (var geocode in area.Geocodes)
            {
                if (RegionalKeyError(geocode) is { } problem)
                {
                    errors.Add(at + $"{name}: {problem}");
                }
            }
        }
    }

    /// <summary>
    /// German official keys in a geocode: an ARS (Amtlicher Regionalschlüssel) has 12 digits, an AGS 8, and both start with the
    /// Land (01–16, or 00 for the whole country as warning systems use it). Anything else cannot name a German area.
    /// </summary>
    internal static string? RegionalKeyError(CapValue geocode)
    {
        var length = geocode.ValueName.ToUpperInvariant() switch
        {
            "ARS" => 12,
            "AGS" => 8,
            _ => 0,
        };
        if (length == 0)
        {
            return null;
        }

        var value = geocode.Value.Trim();
        var land = value.Length == length && value.All(char.IsAsciiDigit) ? int.Parse(value.AsSpan(0, 2), System.Globalization.CultureInfo.InvariantCulture) : -1;
        return land is >= 0 and <= 16
            ? null
            : $"Der Geocode {geocode.ValueName} „{geocode.Value}“ ist kein bekannter Schlüssel: erwartet werden {length} Ziffern, beginnend mit dem Land 01–16.";
    }

    private static void ValidatePolygon(List<string> errors, string polygon, string at)
    {
        var points = CapGeometry.ParsePolygon(polygon);
        if (points is null)
        {
            errors.Add($"{at}: Das Polygon enthält ein Koordinatenpaar, das nicht „breite,länge“ mit −90…90 und −180…180 ist.");
            return;
        }

        if (points.Count < 4)
        {
            errors.Add($"{at}: Ein Polygon braucht mindestens vier Punkte (der letzte gleich dem ersten), es hat {points.Count}.");
            return;
        }

        if (points[0] != points[^1])
        {
            errors.Add($"{at}: Das Polygon ist nicht geschlossen: Der letzte Punkt muss gleich dem ersten sein.");
        }
    }

    private static void Known(List<string> errors, string value, string name, IReadOnlyList<string> allowed)
    {
        if (!CapVocabulary.Contains(allowed, value))
        {
            errors.Add($"<{name}> „{value}“ ist kein CAP-1.2-Wert (erlaubt: {string.Join(", ", allowed)}).");
        }
    }

    private static void Required(List<string> errors, string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"<{name}> ist Pflicht und darf nicht leer sein.");
        }
    }
}
