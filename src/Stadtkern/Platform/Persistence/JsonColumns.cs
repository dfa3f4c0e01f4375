using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stadtkern.Platform.Persistence;

/// <summary>Column helpers shared by the entity configurations of every feature.</summary>
internal static class JsonColumns
{
    /// <summary>
    /// A string property that holds JSON text: <c>jsonb</c> on PostgreSQL (so the database checks and indexes it), <c>TEXT</c> on SQLite.
    /// The configurations do not see the provider; the Npgsql conventions mark the model before any configuration runs.
    /// </summary>
    public static PropertyBuilder<T> IsJson<T>(this PropertyBuilder<T> property)
    {
        if (IsPostgres(property.Metadata.DeclaringType.Model))
        {
            property.HasColumnType("jsonb");
        }

        return property;
    }

    private static bool IsPostgres(Microsoft.EntityFrameworkCore.Metadata.IReadOnlyModel model) =>
        model.GetAnnotations().Any(a => a.Name.StartsWith("Npgsql:", StringComparison.Ordinal));
}
