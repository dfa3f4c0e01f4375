using System.Globalization;
using System.Text.Json;
using Stadtkern.Features.Reports.Model;

namespace Stadtkern.Features.Reports.Web;

/// <summary>One stored attribute answer as people read it: the question and the answer in words.</summary>
internal sealed record AttributeAnswer(string Code, string Question, string Answer);

/// <summary>
/// The web form's side of Open311 attributes: the form posts them under the Open311 field names (<c>attribute[code]</c>,
/// <c>attribute[code][]</c>) and they are validated and stored by the same code as Open311 POST; this class only turns the
/// browser's local date and time into ISO 8601 with the city's offset, maps validation errors to German, and shows stored answers.
/// </summary>
internal static class AttributeAnswers
{
    /// <summary>The time zone the form's <c>datetime-local</c> fields are meant in.</summary>
    public static readonly TimeZoneInfo CityTime = FindBerlin();

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>The visible, ordered questions of a service definition (non-variable attributes are information only).</summary>
    public static IReadOnlyList<ServiceAttribute> Questions(IReadOnlyList<ServiceAttribute> definition) =>
        [.. definition.Where(a => a.Variable).OrderBy(a => a.Order).ThenBy(a => a.Code, StringComparer.Ordinal)];

    /// <summary>An HTML id for an attribute's field (codes may contain characters ids should not).</summary>
    public static string FieldId(string code)
    {
        var safe = new string([.. code.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return "angabe-" + safe;
    }

    /// <summary>
    /// <c>datetime-local</c> values ("2026-11-22T08:30") are local city time without an offset; Open311 wants ISO 8601, which
    /// without an offset would be read as UTC. Such values get the city's offset; anything else is passed on unchanged for the
    /// shared validation to judge.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> FromForm(
        IReadOnlyList<ServiceAttribute> definition, IReadOnlyDictionary<string, IReadOnlyList<string>> answers)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(answers, StringComparer.Ordinal);
        foreach (var attribute in definition.Where(a => a.Datatype == AttributeDatatypes.Datetime))
        {
            if (result.TryGetValue(attribute.Code, out var values) && values.Count == 1
                && DateTime.TryParseExact(values[0].Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                var offset = CityTime.GetUtcOffset(local);
                result[attribute.Code] = [new DateTimeOffset(local, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)];
            }
        }

        return result;
    }

    /// <summary>The German message for a refused attribute (the shared validation words its messages for Open311 developers).</summary>
    public static string Message(ServiceAttribute attribute, bool answered) =>
        !answered
            ? $"Bitte beantworten Sie die Frage „{attribute.Description}“."
            : attribute.Datatype switch
            {
                AttributeDatatypes.Number => $"„{attribute.Description}“: bitte eine Zahl angeben.",
                AttributeDatatypes.Datetime => $"„{attribute.Description}“: bitte Datum und Uhrzeit angeben.",
                AttributeDatatypes.SingleValueList => $"„{attribute.Description}“: bitte genau eine der Antworten wählen.",
                AttributeDatatypes.MultiValueList => $"„{attribute.Description}“: bitte nur Antworten aus der Liste wählen.",
                _ => $"„{attribute.Description}“: die Angabe ist zu lang.",
            };

    /// <summary>The stored answers (<c>reports.attributes</c>) in the order of the service definition, list keys as their names;
    /// answers to attributes the definition no longer has are shown under their code. Unreadable JSON reads as none.</summary>
    public static IReadOnlyList<AttributeAnswer> Describe(IReadOnlyList<ServiceAttribute> definition, string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return [];
        }

        Dictionary<string, JsonElement>? values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(stored);
        }
        catch (JsonException)
        {
            return [];
        }

        if (values is null)
        {
            return [];
        }

        var known = definition.OrderBy(a => a.Order).ThenBy(a => a.Code, StringComparer.Ordinal).ToList();
        var answers = new List<AttributeAnswer>();
        foreach (var attribute in known.Where(a => values.ContainsKey(a.Code)))
        {
            answers.Add(new AttributeAnswer(attribute.Code, attribute.Description, Text(attribute, values[attribute.Code])));
        }

        foreach (var (code, value) in values.Where(v => known.All(a => a.Code != v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            answers.Add(new AttributeAnswer(code, code, Text(null, value)));
        }

        return answers;
    }

    private static string Text(ServiceAttribute? attribute, JsonElement value)
    {
        var raw = value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(v => v.ToString())]
            : new List<string> { value.ToString() };
        var names = attribute?.Values?.ToDictionary(v => v.Key, v => v.Name, StringComparer.Ordinal);
        return string.Join(", ", raw.Select(v =>
            names is not null && names.TryGetValue(v, out var name) ? name
            : attribute?.Datatype == AttributeDatatypes.Datetime && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? TimeZoneInfo.ConvertTime(time, CityTime).ToString("dd.MM.yyyy HH:mm", German)
            : v));
    }

    private static TimeZoneInfo FindBerlin()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
