using System.Globalization;
using System.Text;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>Absolute links of one request: <c>{scheme}://{host}{tenant path base}/v1.1</c> plus entity paths.</summary>
internal sealed class SensingLinks(string root)
{
    public const string Version = "v1.1";

    /// <summary>The service root, e.g. <c>https://stadt.example/t/musterstadt/v1.1</c>.</summary>
    public string Root { get; } = root;

    public static SensingLinks For(HttpRequest request) =>
        new($"{request.Scheme}://{request.Host}{request.PathBase}/{Version}");

    public string Entity(string set, long id) => $"{Root}/{set}({id.ToString(CultureInfo.InvariantCulture)})";

    public string Navigation(string set, long id, string navigation) => $"{Entity(set, id)}/{navigation}";

    /// <summary>A link with the given query options, <c>$skip</c> replaced by <paramref name="skip"/>.</summary>
    public static string WithSkip(string path, IEnumerable<KeyValuePair<string, string>> options, int skip) =>
        With(path, options, "$skip", skip.ToString(CultureInfo.InvariantCulture));

    /// <summary>A link with the given query options, <c>$skip</c> dropped and <c>$skiptoken</c> set to <paramref name="token"/> (keyset paging).</summary>
    public static string WithToken(string path, IEnumerable<KeyValuePair<string, string>> options, string token) =>
        With(path, options, "$skiptoken", token);

    private static string With(string path, IEnumerable<KeyValuePair<string, string>> options, string name, string value)
    {
        var query = new StringBuilder();
        foreach (var (key, given) in options.Where(o => o.Key is not "$skip" and not "$skiptoken"))
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key).Replace("%24", "$", StringComparison.Ordinal)).Append('=').Append(Uri.EscapeDataString(given));
        }

        query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        return path + query;
    }
}
