using System.CommandLine;
using System.Text;
using System.Text.Json;
using Stadtkern.Platform.Cli;

namespace Stadtkern.Features.Reports.Import;

/// <summary>Operator commands of the reports feature: <c>reports import --tenant &lt;slug&gt; --csv &lt;file&gt;</c>.</summary>
internal static class ReportCommands
{
    public static Command Reports()
    {
        var command = new Command("reports", "Bürgermeldungen (Mängelmelder, Open311).");
        var tenant = new Option<string>("--tenant") { Description = "Kurzname (Slug) des Mandanten.", Required = true };
        var csv = new Option<FileInfo>("--csv") { Description = "CSV-Datei mit den Spalten id,text,category,department,lon,lat,reported_at,district.", Required = true };
        var import = new Command(
            "import",
            "Übernimmt abgeschlossene Meldungen aus einer CSV-Datei (legt Kategorien und Ämter bei Bedarf an; ein zweiter Lauf übernimmt nichts doppelt). Gibt eine JSON-Zusammenfassung aus.")
        {
            tenant, csv,
        };
        import.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(tenant), async (services, ct) =>
        {
            var file = result.GetValue(csv)!;
            if (!file.Exists)
            {
                return CommandHost.Fail($"No such file: {file.FullName}");
            }

            using var reader = new StreamReader(file.FullName, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var summary = await services.GetRequiredService<ImportReports>().RunAsync(reader, ct);
            Console.WriteLine(JsonSerializer.Serialize(summary, JsonSerializerOptions.Web));
            return 0;
        }, cancellationToken));
        command.Subcommands.Add(import);
        return command;
    }
}
