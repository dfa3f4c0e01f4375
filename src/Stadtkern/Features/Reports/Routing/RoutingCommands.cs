using System.CommandLine;
using System.Text.Json;
using Stadtkern.Platform.Cli;

namespace Stadtkern.Features.Reports.Routing;

/// <summary><c>routing train --tenant</c> and <c>routing evaluate --tenant --csv</c>; results as JSON on stdout.</summary>
internal static class RoutingCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static Command Routing()
    {
        var command = new Command("routing", "Automatische Zuordnung von Meldungen zu Ämtern (Router).");

        var tenant = new Option<string>("--tenant") { Description = "Mandant (Kurzname).", Required = true };
        var train = new Command("train", "Trainiert den Router des Mandanten mit seinen Meldungen, die ein Amt haben.") { tenant };
        train.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(tenant), async (services, ct) =>
        {
            var summary = await services.GetRequiredService<TrainRoutingModel>().TrainAsync(ct);
            Console.WriteLine(JsonSerializer.Serialize(summary, Json));
            return 0;
        }, cancellationToken));
        command.Subcommands.Add(train);

        var evaluateTenant = new Option<string>("--tenant") { Description = "Mandant (Kurzname).", Required = true };
        var csv = new Option<FileInfo>("--csv") { Description = "CSV mit den Spalten id,text,category,department,lon,lat,reported_at,district.", Required = true };
        var threshold = new Option<double?>("--threshold") { Description = "Schwelle für die automatische Zuordnung (ohne Angabe: Einstellung des Mandanten)." };
        var evaluate = new Command("evaluate", "Misst den trainierten Router an einer CSV-Datei (Genauigkeit, Makro-F1, Präzision und Abdeckung an der Schwelle).")
        {
            evaluateTenant, csv, threshold,
        };
        evaluate.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(evaluateTenant), async (services, ct) =>
        {
            var file = result.GetValue(csv)!;
            if (!file.Exists)
            {
                return CommandHost.Fail($"File not found: {file.FullName}");
            }

            var value = result.GetValue(threshold);
            if (value is < 0 or > 1)
            {
                return CommandHost.Fail("--threshold must be between 0 and 1.");
            }

            try
            {
                var evaluation = await services.GetRequiredService<EvaluateRoutingModel>().EvaluateAsync(file.FullName, value, ct);
                Console.WriteLine(JsonSerializer.Serialize(evaluation, Json));
                return 0;
            }
            catch (InvalidDataException e)
            {
                return CommandHost.Fail(e.Message);
            }
        }, cancellationToken));
        command.Subcommands.Add(evaluate);
        return command;
    }
}
