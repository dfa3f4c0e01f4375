using System.CommandLine;
using System.Text.Json;
using Stadtkern.Platform.Cli;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Alerts.Nina;

internal static class NinaCommands
{
    /// <summary>The <c>alerts</c> command group (import-nina).</summary>
    public static Command Alerts()
    {
        var command = new Command("alerts", "Warnungen (Bevölkerungsschutz).");
        command.Subcommands.Add(ImportNina());
        return command;
    }

    /// <summary><c>alerts import-nina --tenant slug</c>: one import round; prints the JSON summary on stdout.</summary>
    public static Command ImportNina()
    {
        var tenant = new Option<string>("--tenant") { Description = "Kurzname des Mandanten.", Required = true };
        var command = new Command("import-nina", "Holt einmal die amtlichen Warnungen (NINA) für den Landkreis des Mandanten und veröffentlicht neue, geänderte und aufgehobene.")
        {
            tenant,
        };
        command.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(tenant), async (services, ct) =>
        {
            var current = services.GetRequiredService<TenantContext>().Required;
            if (!current.Has(Module.Alerts))
            {
                return CommandHost.Fail($"The tenant '{current.Slug}' has not switched on the alerts module.");
            }

            var summary = await services.GetRequiredService<ImportNinaWarnings>().RunAsync(ct);
            Console.WriteLine(JsonSerializer.Serialize(summary, JsonSerializerOptions.Web));
            return summary.KreisArs is null ? 1 : 0;
        }, cancellationToken));
        return command;
    }
}
