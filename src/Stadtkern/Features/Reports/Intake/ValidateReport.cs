using System.Globalization;
using System.Text.Json;
using Stadtkern.Features.Reports.Model;

namespace Stadtkern.Features.Reports.Intake;

/// <summary>The checks of a new report, as pure functions (Open311 field names in the messages: clients show them to developers).</summary>
internal static class ValidateReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEnumerable<IntakeError> Location(NewReport input)
    {
        if (input.Lat is null != input.Lon is null)
        {
            yield return new IntakeError(400, "lat", "lat and long must be given together.");
        }
        else if (input.Lat is { } lat && input.Lon is { } lon)
        {
            if (!double.IsFinite(lat) || lat is < -90 or > 90)
            {
                yield return new IntakeError(400, "lat", "lat must be between -90 and 90.");
            }

            if (!double.IsFinite(lon) || lon is < -180 or > 180)
            {
                yield return new IntakeError(400, "long", "long must be between -180 and 180.");
            }
        }
        else if (string.IsNullOrWhiteSpace(input.Address) && string.IsNullOrWhiteSpace(input.AddressId))
        {
            yield return new IntakeError(400, "lat", "A location is required: lat and long, address_string or address_id.");
        }
    }

    public static IEnumerable<IntakeError> Contact(NewReport input)
    {
        if (!string.IsNullOrWhiteSpace(input.Email))
        {
            var email = input.Email.Trim();
            var at = email.IndexOf('@', StringComparison.Ordinal);
            if (email.Length > 254 || at < 1 || at == email.Length - 1 || email.Contains(' ', StringComparison.Ordinal))
            {
                yield return new IntakeError(400, "email", "email is not a valid e-mail address.");
            }
        }

        if (!string.IsNullOrWhiteSpace(input.MediaUrl)
            && (!Uri.TryCreate(input.MediaUrl.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                || input.MediaUrl.Length > 2000))
        {
            yield return new IntakeError(400, "media_url", "media_url must be an absolute http or https URL.");
        }
    }

    /// <summary>Checks the answers against the service definition; returns them as stored JSON (null when there are none).</summary>
    public static string? Attributes(IReadOnlyList<ServiceAttribute> definition, IReadOnlyDictionary<string, IReadOnlyList<string>> answers, List<IntakeError> errors, bool requireAll = true)
    {
        var stored = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var attribute in definition.Where(a => a.Variable))
        {
            var values = answers.TryGetValue(attribute.Code, out var given)
                ? given.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToList()
                : [];
            var field = $"attribute[{attribute.Code}]";
            if (values.Count == 0)
            {
                if (attribute.Required && requireAll)
                {
                    errors.Add(new IntakeError(400, field, $"{field} is required."));
                }

                continue;
            }

            var keys = attribute.Values?.Select(v => v.Key).ToHashSet(StringComparer.Ordinal) ?? [];
            switch (attribute.Datatype)
            {
                case AttributeDatatypes.MultiValueList:
                    if (values.FirstOrDefault(v => !keys.Contains(v)) is { } unknownKey)
                    {
                        errors.Add(new IntakeError(400, field, $"{field}: '{unknownKey}' is not one of the allowed values."));
                        continue;
                    }

                    stored[attribute.Code] = values.Distinct(StringComparer.Ordinal).ToList();
                    continue;
                case AttributeDatatypes.SingleValueList:
                    if (values.Count > 1 || !keys.Contains(values[0]))
                    {
                        errors.Add(new IntakeError(400, field, $"{field} must be exactly one of the allowed values."));
                        continue;
                    }

                    break;
                case AttributeDatatypes.Number:
                    if (values.Count > 1 || !double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                    {
                        errors.Add(new IntakeError(400, field, $"{field} must be a number."));
                        continue;
                    }

                    break;
                case AttributeDatatypes.Datetime:
                    if (values.Count > 1 || !DateTimeOffset.TryParse(values[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                    {
                        errors.Add(new IntakeError(400, field, $"{field} must be a date and time (ISO 8601)."));
                        continue;
                    }

                    break;
                default:
                    if (values.Count > 1 || values[0].Length > (attribute.Datatype == AttributeDatatypes.Text ? 4000 : 500))
                    {
                        errors.Add(new IntakeError(400, field, $"{field} is too long or given more than once."));
                        continue;
                    }

                    break;
            }

            stored[attribute.Code] = values[0];
        }

        return stored.Count == 0 ? null : JsonSerializer.Serialize(stored, Json);
    }
}
