using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Access;

namespace Stadtkern.Features.Catalog.Ckan;

/// <summary>
/// One CKAN action (<c>package_show</c>, <c>datastore_search</c>, ...). Actions are registered in DI and
/// dispatched by <c>/api/3/action/{name}</c>; they return the <c>result</c> value and signal failure by
/// throwing <see cref="CkanException"/>, which the endpoint turns into CKAN's error envelope. The result is
/// serialised with System.Text.Json (snake_case property names for records; <c>JsonNode</c>s as they are).
/// </summary>
internal interface ICkanAction
{
    string Name { get; }

    /// <summary>
    /// True for read-only actions: only these may be called with GET and query-string parameters (as in CKAN).
    /// By default the CKAN naming convention decides (<c>*_show</c>, <c>*_list</c>, <c>*_search</c>, <c>*_search_sql</c>, <c>*_info</c>).
    /// </summary>
    bool SideEffectFree =>
        Name.EndsWith("_show", StringComparison.Ordinal) || Name.EndsWith("_list", StringComparison.Ordinal)
        || Name.EndsWith("_search", StringComparison.Ordinal) || Name.EndsWith("_search_sql", StringComparison.Ordinal)
        || Name.EndsWith("_info", StringComparison.Ordinal);

    Task<object?> ExecuteAsync(CkanCall call, CancellationToken cancellationToken);
}

/// <summary>The parameters of one action call: query string, JSON body or form fields merged, plus uploaded files.</summary>
internal sealed class CkanCall(JsonObject parameters, CatalogCaller caller, HttpContext http, IFormFileCollection? files = null)
{
    public JsonObject Parameters { get; } = parameters;

    public CatalogCaller Caller { get; } = caller;

    public HttpContext Http { get; } = http;

    public IFormFileCollection? Files { get; } = files;

    public bool Has(string name) => Parameters.ContainsKey(name) && Parameters[name] is not null;

    /// <summary>A string parameter; numbers and booleans are accepted as their text.</summary>
    public string? String(string name) => Parameters[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value => value.ToJsonString(),
        _ => throw CkanException.Validation(name, "Muss ein Text sein."),
    };

    public string RequiredString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw CkanException.Validation(name, "Missing value");

    /// <summary>An integer parameter within bounds; text such as <c>"10"</c> is accepted as CKAN does.</summary>
    public int Int(string name, int fallback, int min, int max)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw CkanException.Validation(name, "Invalid integer");
        }

        return value < min || value > max
            ? throw CkanException.Validation(name, $"Must be between {min} and {max}")
            : value;
    }

    /// <summary>A boolean parameter (<c>true</c>/<c>false</c>, also as text, <c>1</c>/<c>0</c>).</summary>
    public bool Bool(string name, bool fallback)
    {
        var text = String(name);
        return text switch
        {
            null => fallback,
            _ when text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1" => true,
            _ when text.Equals("false", StringComparison.OrdinalIgnoreCase) || text == "0" => false,
            _ => throw CkanException.Validation(name, "Invalid boolean"),
        };
    }
}

/// <summary>A failed action, rendered as <c>{"success": false, "error": {"__type": ..., ...}}</c> with CKAN's status code.</summary>
internal sealed class CkanException(int status, string type, string message, IReadOnlyDictionary<string, string[]>? fields = null)
    : Exception(message)
{
    public int Status { get; } = status;

    /// <summary>CKAN's <c>__type</c>: <c>Validation Error</c>, <c>Not Found Error</c>, <c>Authorization Error</c>, <c>Search Query Error</c>, ...</summary>
    public string Type { get; } = type;

    public IReadOnlyDictionary<string, string[]> Fields { get; } = fields ?? new Dictionary<string, string[]>();

    public static CkanException Validation(string field, string message) =>
        new(StatusCodes.Status409Conflict, "Validation Error", message, new Dictionary<string, string[]> { [field] = [message] });

    public static CkanException Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new(StatusCodes.Status409Conflict, "Validation Error", "Validation Error", fields);

    public static CkanException NotFound(string message = "Not found") => new(StatusCodes.Status404NotFound, "Not Found Error", message);

    public static CkanException NotAuthorized(string message) => new(StatusCodes.Status403Forbidden, "Authorization Error", message);

    /// <remarks>400 as CKAN 2.10 answers it (ckan/views/api.py), unlike validation errors (409).</remarks>
    public static CkanException SearchQuery(string message) => new(StatusCodes.Status400BadRequest, "Search Query Error", message);
}
