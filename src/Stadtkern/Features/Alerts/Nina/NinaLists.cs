using System.Globalization;
using System.Text.Json;

namespace Stadtkern.Features.Alerts.Nina;

/// <summary>One warning in a dashboard or map list: its id, the version the source gave it, its source and message type.</summary>
internal sealed record NinaListEntry(string Id, string Version, string? Provider, string? MsgType);

/// <summary>Reads the two list formats of the api31: <c>/dashboard/{ARS}.json</c> and <c>/{provider}/mapData.json</c>.</summary>
internal static class NinaLists
{
    /// <summary>Dashboard: <c>[{"id", "payload": {"version", "type", "id", "data": {"provider", "msgType", …}}, "sent", …}]</c>.</summary>
    /// <exception cref="NinaFormatException">The document is not such a list.</exception>
    public static IReadOnlyList<NinaListEntry> ReadDashboard(JsonElement root)
    {
        var result = new List<NinaListEntry>();
        foreach (var item in Array(root, "dashboard"))
        {
            var payload = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
            var id = Text(item, "id") ?? (payload.ValueKind == JsonValueKind.Object ? Text(payload, "id") : null);
            if (string.IsNullOrWhiteSpace(id))
            {
                continue; // an entry without id cannot be followed; the rest of the list is still good
            }

            var data = payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            var version = (payload.ValueKind == JsonValueKind.Object ? Text(payload, "version") : null) ?? Text(item, "sent") ?? "0";
            var providerName = data.ValueKind == JsonValueKind.Object ? Text(data, "provider") : null;
            var msgType = data.ValueKind == JsonValueKind.Object ? Text(data, "msgType") : null;
            result.Add(new NinaListEntry(id.Trim(), version, NinaProviders.Of(id, providerName), msgType));
        }

        return result;
    }

    /// <summary>Map data: <c>[{"id", "version", "startDate", "severity", "type", "i18nTitle"}]</c>.</summary>
    /// <exception cref="NinaFormatException">The document is not such a list.</exception>
    public static IReadOnlyList<NinaListEntry> ReadMapData(JsonElement root, string provider)
    {
        var result = new List<NinaListEntry>();
        foreach (var item in Array(root, provider + " mapData"))
        {
            var id = item.ValueKind == JsonValueKind.Object ? Text(item, "id") : null;
            if (string.IsNullOrWhiteSpace(id))
            {
                continue;
            }

            result.Add(new NinaListEntry(id.Trim(), Text(item, "version") ?? Text(item, "startDate") ?? "0", NinaProviders.Of(id) ?? provider, Text(item, "type")));
        }

        return result;
    }

    private static JsonElement.ArrayEnumerator Array(JsonElement root, string what) =>
        root.ValueKind == JsonValueKind.Array
            ? root.EnumerateArray()
            : throw new NinaFormatException($"The {what} response is not a JSON array.");

    /// <summary>A string or number property as text (versions come as numbers), else null.</summary>
    internal static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : value.GetRawText(),
            _ => null,
        };
    }
}

/// <summary>An upstream response that is not in the documented format.</summary>
internal sealed class NinaFormatException(string message) : Exception(message);
