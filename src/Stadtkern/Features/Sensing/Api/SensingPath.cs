using System.Globalization;
using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>One step of a resource path: an entity set or a navigation from the previous step, optionally narrowed to one id.</summary>
/// <param name="Set">The entity set this step addresses.</param>
/// <param name="Id">The id in parentheses, if any.</param>
/// <param name="Via">The navigation from the previous step; null for the first.</param>
internal sealed record PathStep(SensingEntitySet Set, long? Id, SensingNavigation? Via)
{
    /// <summary>True when the step addresses one entity (an id, or a to-one navigation).</summary>
    public bool IsSingle => Id is not null || Via is { IsCollection: false };
}

/// <summary>
/// A parsed SensorThings resource path below <c>/v1.1</c>: <c>/Things(1)/Datastreams</c>, <c>/Datastreams(1)/Thing</c>,
/// <c>/Things(1)/name/$value</c>, <c>/Things(1)/Datastreams/$ref</c>.
/// </summary>
internal sealed record SensingPath(IReadOnlyList<PathStep> Steps, SensingProperty? Property, bool RawValue, bool Ref)
{
    public PathStep Last => Steps[^1];

    /// <summary>True when the path ends in a collection (no id, not a to-one navigation, no property).</summary>
    public bool IsCollection => Property is null && !Last.IsSingle;

    /// <summary>The path without its last step (the parent whose existence decides 404 for collections).</summary>
    public SensingPath Parent => new(Steps.Take(Steps.Count - 1).ToArray(), null, false, false);

    public static SensingPath Parse(string path)
    {
        var parts = path.Trim('/').Split('/');
        if (parts.Length == 0 || parts[0].Length == 0)
        {
            throw SensingException.NotFound();
        }

        var steps = new List<PathStep>();
        SensingProperty? property = null;
        var raw = false;
        var isRef = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                throw SensingException.BadRequest("Empty path segment.");
            }

            if (isRef || raw)
            {
                throw SensingException.BadRequest($"Nothing may follow {(isRef ? "$ref" : "$value")} in a path.");
            }

            if (part == "$ref")
            {
                if (property is not null || steps.Count == 0)
                {
                    throw SensingException.BadRequest("$ref must follow an entity set or navigation property.");
                }

                isRef = true;
                continue;
            }

            if (part == "$value")
            {
                if (property is null)
                {
                    throw SensingException.BadRequest("$value must follow a property.");
                }

                raw = true;
                continue;
            }

            if (property is not null)
            {
                throw SensingException.BadRequest($"'{part}' cannot follow the property {property.Name}.");
            }

            var (name, id) = SplitId(part);
            if (steps.Count == 0)
            {
                if (!SensingSchema.Sets.TryGetValue(name, out var set))
                {
                    throw SensingException.NotFound($"No entity set '{name}'.");
                }

                steps.Add(new PathStep(set, id, null));
                continue;
            }

            var previous = steps[^1];
            if (!previous.IsSingle)
            {
                throw SensingException.BadRequest($"'{name}' must follow a single entity; give an id to {previous.Set.Name}.");
            }

            if (previous.Set.FindNavigation(name) is { } navigation)
            {
                if (id is not null && !navigation.IsCollection)
                {
                    throw SensingException.BadRequest($"{navigation.Name} is a single entity and takes no id.");
                }

                steps.Add(new PathStep(SensingSchema.TargetOf(navigation), id, navigation));
                continue;
            }

            if (id is null && previous.Set.FindProperty(name) is { } found)
            {
                property = found;
                continue;
            }

            throw SensingException.NotFound($"{previous.Set.EntityName} has no property or navigation '{name}'.");
        }

        return new SensingPath(steps, property, raw, isRef);
    }

    private static (string Name, long? Id) SplitId(string part)
    {
        var open = part.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (part, null);
        }

        if (!part.EndsWith(')'))
        {
            throw SensingException.BadRequest($"Malformed id in '{part}'.");
        }

        var text = part[(open + 1)..^1];
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            // Ids are integers here; a quoted or otherwise malformed id can never name an entity.
            throw SensingException.BadRequest($"The id '{text}' is not valid: ids are integers.");
        }

        return (part[..open], id);
    }
}
