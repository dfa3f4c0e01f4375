using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Cli;

namespace Stadtkern.Features.Catalog;

/// <summary>Operator commands of the catalog: <c>catalog reindex --tenant &lt;slug&gt;</c>.</summary>
internal static class CatalogCommands
{
    public static Command Catalog()
    {
        var command = new Command("catalog", "Datenkatalog (Open-Data-Portal und Datenmarktplatz).");

        var tenant = new Option<string>("--tenant") { Description = "Kurzname (Slug) des Mandanten.", Required = true };
        var batch = new Option<int>("--batch-size") { Description = "Datensätze je Transaktion.", DefaultValueFactory = _ => ReindexCatalog.DefaultBatchSize };
        var reindex = new Command(
            "reindex",
            "Berechnet Suchtext, Facetten und Qualität aller Datensätze des Mandanten neu und baut den Suchindex der Datenbank neu auf. Gibt eine JSON-Zusammenfassung aus.")
        {
            tenant, batch,
        };
        reindex.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(tenant), async (services, ct) =>
        {
            if (result.GetValue(batch) < 1)
            {
                return CommandHost.Fail("--batch-size must be at least 1.");
            }

            var progress = new Progress<int>(n => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reindex: {n} datasets")));
            var summary = await services.GetRequiredService<ReindexCatalog>().RunAsync(result.GetValue(batch), progress, ct);
            Console.WriteLine(JsonSerializer.Serialize(summary, JsonSerializerOptions.Web));
            return 0;
        }, cancellationToken));
        command.Subcommands.Add(reindex);
        return command;
    }
}
