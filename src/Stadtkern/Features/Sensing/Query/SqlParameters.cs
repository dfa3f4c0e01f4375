using System.Data.Common;
using System.Globalization;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>
/// Collects the values of one generated SQL statement. Every value that comes from a request goes through <see cref="Add"/> and
/// appears in the SQL only as its placeholder: no user input is ever concatenated into SQL. On PostgreSQL the placeholders are
/// positional (<c>$1</c>, <c>$2</c>, ...), PostgreSQL's own, so Npgsql sends the statement as it is instead of parsing it for names
/// on every request; on SQLite they are named (<c>@p0</c>, <c>@p1</c>, ...).
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
        var name = Provider == DatabaseProvider.Postgres
            ? "$" + (values.Count + 1).ToString(CultureInfo.InvariantCulture)
            : "@p" + values.Count.ToString(CultureInfo.InvariantCulture);
        values.Add(new(name, value));
        return name;
    }

    /// <summary>Gives <paramref name="command"/> the values as its parameters (positional ones without a name).</summary>
    public void AddTo(DbCommand command)
    {
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            if (!name.StartsWith('$'))
            {
                parameter.ParameterName = name;
            }

            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>
    /// A row limit or offset, written into the statement as a number: an integer the server computed (parsed and capped
    /// by <see cref="QueryOptions"/>), never text of the request. As a number, PostgreSQL can keep one prepared plan per statement
    /// (the SensorThings reads' data source prepares the statements it sees often); behind a placeholder it would plan for 10% of the rows,
    /// and the plan it keeps for <c>$top=1</c> would be re-planned on every request.
    /// </summary>
    public static string Rows(long value) => Math.Max(0, value).ToString(CultureInfo.InvariantCulture);
}
