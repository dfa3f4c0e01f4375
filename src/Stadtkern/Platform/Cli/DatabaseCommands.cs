using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Platform.Cli;

internal static class DatabaseCommands
{
    public static Command Migrate()
    {
        var to = new Option<int?>("--to") { Description = "Nur bis zu dieser Version migrieren (für Tests und schrittweise Upgrades)." };
        var status = new Option<bool>("--status") { Description = "Nur anzeigen, welche Migrationen angewandt sind." };
        var command = new Command("migrate", "Bringt das Datenbankschema auf den neuesten Stand.") { to, status };
        command.SetAction((result, cancellationToken) => CommandHost.RunAsync(null, async (services, ct) =>
        {
            var runner = services.GetRequiredService<MigrationRunner>();
            if (!result.GetValue(status))
            {
                var applied = await runner.MigrateAsync(result.GetValue(to), ct);
                Console.Error.WriteLine(applied.Count == 0 ? "Schema is up to date." : $"Applied {applied.Count} migration(s).");
            }

            foreach (var migration in await runner.AppliedAsync(ct))
            {
                Console.WriteLine($"V{migration.Version:D4} {migration.Name}");
            }

            return 0;
        }, cancellationToken, migrate: false));
        return command;
    }

    /// <summary>Prints the SQL that EF Core would create for the current model: the starting point for a new migration.</summary>
    public static Command Schema()
    {
        var command = new Command("schema", "Hilfen für Entwickler rund um das Datenbankschema.");
        var script = new Command("script", "Gibt das CREATE-Skript des aktuellen Modells für den konfigurierten Provider aus (Ausgangspunkt für neue Migrationen).");
        script.SetAction((result, cancellationToken) => CommandHost.RunAsync(null, (services, _) =>
        {
            Console.WriteLine(services.GetRequiredService<StadtkernDb>().Database.GenerateCreateScript());
            return Task.FromResult(0);
        }, cancellationToken, migrate: false));
        command.Subcommands.Add(script);
        return command;
    }
}
