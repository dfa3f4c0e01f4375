using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>Column helpers shared by the sensing entity configurations.</summary>
internal static class SensingColumns
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

/// <summary>The visibility levels of Things and Datastreams, as stored in <c>access_level</c>.</summary>
internal static class SensingAccessLevels
{
    public const string Public = "public";
    public const string Internal = "internal";
    public const string Restricted = "restricted";

    public static readonly IReadOnlyList<string> All = [Public, Internal, Restricted];

    public static bool IsKnown(string? level) => level is not null && All.Contains(level, StringComparer.Ordinal);
}
