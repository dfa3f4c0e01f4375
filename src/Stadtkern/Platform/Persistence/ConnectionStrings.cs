namespace Stadtkern.Platform.Persistence;

internal static class ConnectionStrings
{
    public const string Name = "Stadtkern";

    /// <summary>The embedded default: a SQLite file below the working directory.</summary>
    public const string SqliteDefault = "Data Source=data/stadtkern.db";

    public static string Resolve(IConfiguration configuration, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString(Name);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return provider == DatabaseProvider.Sqlite
            ? SqliteDefault
            : throw new InvalidOperationException(
                "Database__Provider=Postgres needs a connection string: set ConnectionStrings__Stadtkern=\"Host=...;Database=...;Username=...;Password=...\".");
    }
}
