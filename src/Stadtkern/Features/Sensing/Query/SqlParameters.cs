using System.Globalization;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>
/// Collects the values of one generated SQL statement. Every value that comes from a request goes through <see cref="Add"/> and
/// appears in the SQL only as its placeholder (<c>@p0</c>, <c>@p1</c>, ...): no user input is ever concatenated into SQL.
/// </summary>
internal sealed class SqlParameters(DatabaseProvider provider)
{
    private readonly List<KeyValuePair<string, object?>> values = [];

    /// <summary>The database the statement is generated for (functions and types differ).</summary>
    public DatabaseProvider Provider { get; } = provider;

    public IReadOnlyList<KeyValuePair<string, object?>> Values => values;

    /// <summary>Adds a value and returns its placeholder.</summary>
    public string Add(object? value)
    {
        var name = "@p" + values.Count.ToString(CultureInfo.InvariantCulture);
        values.Add(new(name, value));
        return name;
    }
}
