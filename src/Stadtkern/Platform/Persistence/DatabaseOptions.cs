using System.ComponentModel.DataAnnotations;

namespace Stadtkern.Platform.Persistence;

/// <summary>Which database engine stores Stadtkern's data.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file (the default; nothing to install).</summary>
    Sqlite,

    /// <summary>PostgreSQL 15+ with PostGIS (production and scale-out).</summary>
    Postgres,
}

/// <summary>Database settings, bound from the <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Engine to use. Default <see cref="DatabaseProvider.Sqlite"/>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending schema migrations when the service starts. Default true.
    /// Operators who migrate in a separate step (<c>stadtkern migrate</c>) can switch it off.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Seconds a single SQL command may run before it is cancelled. Default 30.</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;
}
