using System.CommandLine;
using System.Text.Json;
using Stadtkern.Platform.Cli;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>CLI: <c>harvest run --tenant &lt;slug&gt; [--source &lt;name&gt;]</c> harvests in the foreground and prints the runs as JSON.</summary>
internal static class HarvestCommands
{
    public static Command Harvest()
    {
        var command = new Command("harvest", "Datensätze aus anderen Katalogen ernten (CKAN, DCAT-AP, Stadtkern).");
        var tenant = new Option<string>("--tenant") { Description = "Kurzname (Slug) des Mandanten.", Required = true };
        var source = new Option<string?>("--source") { Description = "Nur diese Quelle (Name); ohne Angabe alle aktiven Quellen." };
        var run = new Command("run", "Erntet jetzt im Vordergrund und gibt die Läufe als JSON auf stdout aus (Exit-Code 2, wenn ein Lauf nicht erfolgreich war).")
        {
            tenant, source,
        };
        run.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(tenant), async (services, ct) =>
        {
            var sources = services.GetRequiredService<HarvestSources>();
            var queue = services.GetRequiredService<HarvestQueue>();
            var worker = services.GetRequiredService<HarvestWorker>();
            var name = result.GetValue(source);
            var targets = new List<HarvestSource>();
            if (name is not null)
            {
                targets.Add(await sources.FindByNameAsync(name, ct) ?? throw new InvalidOperationException($"Unknown harvest source '{name}'."));
            }
            else
            {
                foreach (var listed in (await sources.ListAsync(ct)).Where(s => s.Enabled))
                {
                    if (await sources.FindAsync(listed.Id, ct) is { } found)
                    {
                        targets.Add(found);
                    }
                }
            }

            var summaries = new List<HarvestRunResponse>();
            foreach (var target in targets)
            {
                var (queued, _) = await queue.QueueAsync(target, "cli", ct);
                if (queued.Status == HarvestRunStatus.Queued)
                {
                    await worker.TryRunAsync(queued.Id, ct);
                }

                // Null only if the run vanished (source deleted meanwhile); a run another instance works on shows as running.
                if (await sources.RunAsync(queued.Id, withErrors: true, ct) is { } summary)
                {
                    summaries.Add(summary);
                }
            }

            Console.WriteLine(JsonSerializer.Serialize(summaries, JsonSerializerOptions.Web));
            return summaries.All(s => s.Status == HarvestRunStatus.Succeeded.Key()) ? 0 : 2;
        }, cancellationToken));
        command.Subcommands.Add(run);
        return command;
    }
}
