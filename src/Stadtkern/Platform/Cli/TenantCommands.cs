using System.CommandLine;
using System.Text.Json;
using Stadtkern.Features.Tenants;
using Stadtkern.Platform.Demo;

namespace Stadtkern.Platform.Cli;

internal static class TenantCommands
{
    public static Command Tenant()
    {
        var command = new Command("tenant", "Mandanten (Kommunen) verwalten.");

        var slug = new Option<string>("--slug") { Description = "Kurzname in Adressen (/t/{slug}/).", Required = true };
        var name = new Option<string>("--name") { Description = "Name der Kommune.", Required = true };
        var ars = new Option<string>("--ars") { Description = "Amtlicher Regionalschlüssel (12 Ziffern).", Required = true };
        var ags = new Option<string>("--ags") { Description = "Amtlicher Gemeindeschlüssel (8 Ziffern).", Required = true };
        var modules = new Option<string?>("--modules") { Description = "Module, kommagetrennt (ohne Angabe: alle)." };
        var create = new Command("create", "Legt einen Mandanten an.") { slug, name, ars, ags, modules };
        create.SetAction((result, cancellationToken) => CommandHost.RunAsync(null, async (services, ct) =>
        {
            var request = new TenantRequest(
                result.GetValue(slug), result.GetValue(name), result.GetValue(ars), result.GetValue(ags), null, null,
                result.GetValue(modules)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList(),
                null);
            var created = await services.GetRequiredService<TenantStore>().CreateAsync(request, ct);
            if (created.Tenant is null)
            {
                return CommandHost.Fail(string.Join(" ", created.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
            }

            Console.WriteLine(created.Tenant.Slug);
            return 0;
        }, cancellationToken));
        command.Subcommands.Add(create);

        var json = new Option<bool>("--json") { Description = "Als JSON ausgeben." };
        var list = new Command("list", "Listet die Mandanten.") { json };
        list.SetAction((result, cancellationToken) => CommandHost.RunAsync(null, async (services, ct) =>
        {
            var tenants = await services.GetRequiredService<TenantStore>().ListAsync(ct);
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(tenants.Select(TenantResponse.From), JsonSerializerOptions.Web));
                return 0;
            }

            foreach (var tenant in tenants)
            {
                Console.WriteLine($"{tenant.Slug}\t{tenant.Name}\t{tenant.Ars}\t{string.Join(',', tenant.Modules.Select(m => Tenancy.ModuleList.Key(m)))}");
            }

            return 0;
        }, cancellationToken));
        command.Subcommands.Add(list);
        return command;
    }

    public static Command Demo()
    {
        var command = new Command("demo", "Demo-Inhalte.");
        var seed = new Command("seed", "Legt die Demo-Stadt Musterstadt (/t/demo/) mit Demo-Inhalten an; ergänzt nur Fehlendes.");
        seed.SetAction((result, cancellationToken) => CommandHost.RunAsync(null, async (services, ct) =>
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync(ct);
            Console.Error.WriteLine("Demo city is ready at /t/demo/.");
            return 0;
        }, cancellationToken));
        command.Subcommands.Add(seed);
        return command;
    }
}
