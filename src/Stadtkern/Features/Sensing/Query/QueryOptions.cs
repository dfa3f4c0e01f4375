using System.Globalization;
using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>One <c>$orderby</c> item.</summary>
internal sealed record OrderItem(SensingProperty Property, bool Descending);

/// <summary>One <c>$expand</c> item: a navigation property with its own options.</summary>
internal sealed record ExpandItem(SensingNavigation Navigation, QueryOptions Options);

/// <summary>
/// The query options of a request or of one <c>$expand</c> item, checked against the entity set they apply to. <c>$filter</c> stays
/// text here; the <see cref="ISensingFilterTranslator"/> parses it when the SQL is built.
/// </summary>
internal sealed class QueryOptions
{
    /// <summary>The largest <c>$skip</c>: far beyond any real page, and safe from overflow when pages are added.</summary>
    public const int MaxSkip = 1_000_000_000;

    private static readonly string[] Known = ["$top", "$skip", "$count", "$select", "$orderby", "$expand", "$filter", "$resultFormat", "$skiptoken"];

    /// <summary>The requested page size, already cut to the maximum; null: the default.</summary>
    public int? Top { get; private set; }

    public int Skip { get; private set; }

    public bool Count { get; private set; }

    /// <summary>Where the page starts when it continues an <c>@iot.nextLink</c> by key (<see cref="PageToken"/>); null: from <see cref="Skip"/>.</summary>
    public PageToken? SkipToken { get; private set; }

    /// <summary>Selected property and navigation names in request order; null: all properties and navigation links.</summary>
    public IReadOnlyList<string>? Select { get; private set; }

    /// <summary>The <c>$orderby</c> items when they are plain properties (what the builder orders by itself).</summary>
    public IReadOnlyList<OrderItem> OrderBy { get; private set; } = [];

    /// <summary>The <c>$orderby</c> text as given (the <c>$filter</c> translator orders by expressions).</summary>
    public string? OrderByText { get; private set; }

    /// <summary>Why <see cref="OrderByText"/> is not a list of plain properties; null when it is.</summary>
    public string? OrderByProblem { get; private set; }

    public string? Filter { get; private set; }

    public IReadOnlyList<ExpandItem> Expand { get; private set; } = [];

    public bool DataArray { get; private set; }

    /// <summary>The options as given (for <c>@iot.nextLink</c>s of expanded collections).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Raw { get; private set; } = [];

    /// <summary>True when the client gave <c>$top</c> above the maximum (it was cut).</summary>
    public bool TopCut { get; private set; }

    public int PageSize(SensingOptions limits) => Top ?? Math.Min(limits.DefaultTop, limits.MaxTop);

    public bool Selects(string name) => Select is null || Select.Contains(name, StringComparer.Ordinal);

    /// <summary>Parses the options of a request (<c>$top=5&amp;$expand=...</c>), unescaped pairs in order.</summary>
    public static QueryOptions Parse(IEnumerable<KeyValuePair<string, string>> pairs, SensingEntitySet set, SensingOptions limits) =>
        Parse(pairs, set, limits, depth: 0);

    private static QueryOptions Parse(IEnumerable<KeyValuePair<string, string>> pairs, SensingEntitySet set, SensingOptions limits, int depth)
    {
        var list = pairs.ToList();
        var options = new QueryOptions { Raw = list };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in list)
        {
            if (!key.StartsWith('$'))
            {
                continue;
            }

            if (!Known.Contains(key, StringComparer.Ordinal))
            {
                throw new SensingQueryException($"Unknown query option {key}.");
            }

            if (!seen.Add(key))
            {
                throw new SensingQueryException($"{key} is given twice.");
            }

            switch (key)
            {
                case "$top":
                    var top = ParseCount(key, value);
                    options.TopCut = top > limits.MaxTop;
                    options.Top = Math.Min(top, limits.MaxTop);
                    break;
                case "$skip":
                    options.Skip = ParseCount(key, value) is var skip && skip <= MaxSkip
                        ? skip
                        : throw new SensingQueryException($"$skip may be at most {MaxSkip.ToString(CultureInfo.InvariantCulture)}.");
                    break;
                case "$skiptoken":
                    options.SkipToken = depth == 0 ? PageToken.Parse(value) : throw new SensingQueryException("$skiptoken applies to the requested collection, not inside $expand.");
                    break;
                case "$count":
                    options.Count = value switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw new SensingQueryException("$count must be true or false."),
                    };
                    break;
                case "$select":
                    options.Select = ParseSelect(value, set);
                    break;
                case "$orderby":
                    options.OrderByText = string.IsNullOrWhiteSpace(value) ? throw new SensingQueryException("$orderby is empty.") : value;
                    try
                    {
                        options.OrderBy = ParseOrderBy(value, set);
                    }
                    catch (SensingQueryException e)
                    {
                        options.OrderByProblem = e.Message;
                    }

                    break;
                case "$filter":
                    options.Filter = string.IsNullOrWhiteSpace(value) ? throw new SensingQueryException("$filter is empty.") : value;
                    break;
                case "$expand":
                    options.Expand = ParseExpand(value, set, limits, depth);
                    break;
                case "$resultFormat":
                    if (value != "dataArray")
                    {
                        throw new SensingQueryException("$resultFormat supports only dataArray.");
                    }

                    if (set != SensingSchema.Observations || depth > 0)
                    {
                        throw new SensingQueryException("$resultFormat=dataArray applies to Observations collections only.");
                    }

                    options.DataArray = true;
                    break;
            }
        }

        return options;
    }

    private static int ParseCount(string key, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new SensingQueryException($"{key} must be a non-negative integer, not '{value}'.");

    private static List<string> ParseSelect(string value, SensingEntitySet set)
    {
        var names = new List<string>();
        foreach (var raw in value.Split(','))
        {
            var name = raw.Trim();
            if (name == "@iot.id")
            {
                name = "id";
            }

            if (set.FindProperty(name) is null && set.FindNavigation(name) is null)
            {
                throw new SensingQueryException($"$select: {set.EntityName} has no property '{name}'.");
            }

            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private static List<OrderItem> ParseOrderBy(string value, SensingEntitySet set)
    {
        var items = new List<OrderItem>();
        foreach (var raw in value.Split(','))
        {
            var words = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length is 0 or > 2)
            {
                throw new SensingQueryException($"$orderby: '{raw.Trim()}' is not a property optionally followed by asc or desc.");
            }

            var name = words[0] == "@iot.id" ? "id" : words[0];
            var property = set.FindProperty(name)
                ?? throw new SensingQueryException($"$orderby: {set.EntityName} has no property '{name}' (ordering by expressions is not supported).");
            if (property.Type is SensingValueType.Json or SensingValueType.Geometry)
            {
                throw new SensingQueryException($"$orderby: {name} is a JSON or geometry value and cannot be ordered.");
            }

            var descending = words.Length == 2 && (words[1] switch
            {
                "asc" => false,
                "desc" => true,
                _ => throw new SensingQueryException($"$orderby: '{words[1]}' must be asc or desc."),
            });
            items.Add(new OrderItem(property, descending));
        }

        return items;
    }

    private static List<ExpandItem> ParseExpand(string value, SensingEntitySet set, SensingOptions limits, int depth)
    {
        var items = new List<ExpandItem>();
        foreach (var raw in SplitTopLevel(value, ','))
        {
            var text = raw.Trim();
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var path = open < 0 ? text : text[..open];
            string? inner = null;
            if (open >= 0)
            {
                if (!text.EndsWith(')'))
                {
                    throw new SensingQueryException($"$expand: unbalanced parentheses in '{text}'.");
                }

                inner = text[(open + 1)..^1];
            }

            var names = path.Split('/');
            Add(items, names, 0, inner, set, limits, depth);
        }

        return items;
    }

    private static void Add(List<ExpandItem> items, string[] names, int index, string? inner, SensingEntitySet set, SensingOptions limits, int depth)
    {
        if (depth + 1 > limits.MaxExpandDepth)
        {
            throw new SensingQueryException($"$expand nests deeper than the limit of {limits.MaxExpandDepth.ToString(CultureInfo.InvariantCulture)}.");
        }

        var name = names[index].Trim();
        var navigation = set.FindNavigation(name)
            ?? throw new SensingQueryException($"$expand: {set.EntityName} has no navigation property '{name}'.");
        var target = SensingSchema.TargetOf(navigation);
        var last = index == names.Length - 1;
        var existing = items.FindIndex(i => i.Navigation == navigation);
        QueryOptions options;
        if (existing >= 0)
        {
            options = items[existing].Options;
            if (last && inner is not null)
            {
                throw new SensingQueryException($"$expand: {name} is expanded twice with options.");
            }
        }
        else
        {
            options = last && inner is not null ? Parse(ParseInner(inner), target, limits, depth + 1) : new QueryOptions();
            items.Add(new ExpandItem(navigation, options));
        }

        if (!last)
        {
            var nested = options.Expand.ToList();
            Add(nested, names, index + 1, inner, target, limits, depth + 1);
            options.Expand = nested;
        }
    }

    private static List<KeyValuePair<string, string>> ParseInner(string inner)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in SplitTopLevel(inner, ';'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new SensingQueryException($"$expand: '{part}' is not an option=value pair.");
            }

            var key = part[..equals].Trim();
            if (!key.StartsWith('$'))
            {
                throw new SensingQueryException($"$expand: unknown option '{key}'.");
            }

            pairs.Add(new(key, part[(equals + 1)..]));
        }

        return pairs;
    }

    /// <summary>Splits at <paramref name="separator"/> outside parentheses and single-quoted strings.</summary>
    internal static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '(')
            {
                depth++;
            }
            else if (!quoted && c == ')')
            {
                if (--depth < 0)
                {
                    throw new SensingQueryException("Unbalanced parentheses.");
                }
            }
            else if (!quoted && depth == 0 && c == separator)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        if (depth != 0 || quoted)
        {
            throw new SensingQueryException("Unbalanced parentheses or quotes.");
        }

        parts.Add(text[start..]);
        return parts.Where(p => p.Trim().Length > 0).ToList() is { Count: > 0 } nonEmpty
            ? nonEmpty
            : throw new SensingQueryException("Empty list.");
    }
}
