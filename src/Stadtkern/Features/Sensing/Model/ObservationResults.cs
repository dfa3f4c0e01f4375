using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>An Observation result as stored: its kind, the column that holds it, and the hash used for duplicate suppression.</summary>
internal readonly record struct StoredResult(ResultKind Kind, double? Number, string? Text, string? Json, long Hash);

/// <summary>Maps a JSON result onto the result columns of <c>sensing_observations</c>.</summary>
internal static class ObservationResults
{
    /// <exception cref="FormatException">A number outside the double range.</exception>
    public static StoredResult Encode(JsonNode? result)
    {
        switch (result?.GetValueKind())
        {
            case null or JsonValueKind.Null or JsonValueKind.Undefined:
                return new(ResultKind.Null, null, null, null, Hash("n:"));
            case JsonValueKind.Number:
                var number = double.Parse(result.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                if (!double.IsFinite(number))
                {
                    throw new FormatException("The result is a number outside the range of a double.");
                }

                return new(ResultKind.Number, number, null, null, Hash("d:" + number.ToString("R", CultureInfo.InvariantCulture)));
            case JsonValueKind.True or JsonValueKind.False:
                var flag = result.GetValueKind() == JsonValueKind.True;
                return new(ResultKind.Boolean, flag ? 1 : 0, null, null, Hash(flag ? "b:1" : "b:0"));
            case JsonValueKind.String:
                var text = result.GetValue<string>();
                return new(ResultKind.String, null, text, null, Hash("s:" + text));
            default:
                var json = result.ToJsonString();
                return new(ResultKind.Json, null, null, json, Hash("j:" + json));
        }
    }

    /// <summary>FNV-1a, 64 bit, over the UTF-8 bytes: stable across processes and versions (unlike string.GetHashCode).</summary>
    public static long Hash(string canonical)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(canonical))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
