using System.CommandLine;
using System.Globalization;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Platform.Cli;

internal static class AccountCommands
{
    private static Option<string> TenantOption() => new("--tenant") { Description = "Kurzname (Slug) des Mandanten.", Required = true };

    public static Command Token()
    {
        var command = new Command("token", "API-Tokens für Apps, Skripte, Stelen und Netzwerkserver.");

        var tenant = TenantOption();
        var role = new Option<string>("--role") { Description = $"Rolle: {string.Join(", ", Roles.All)}.", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var name = new Option<string?>("--name") { Description = "Wofür das Token ist (erscheint in Listen und Protokollen)." };
        var days = new Option<int?>("--expires-days") { Description = "Läuft nach so vielen Tagen ab (ohne Angabe: nie)." };
        var create = new Command("create", "Erzeugt ein Token und gibt nur das Token auf stdout aus.") { tenant, role, name, days };
        create.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(tenant), async (services, ct) =>
        {
            var lifetime = result.GetValue(days) is int d and > 0 ? TimeSpan.FromDays(d) : (TimeSpan?)null;
            var roleValue = result.GetValue(role)!;
            var created = await services.GetRequiredService<AccountService>()
                .CreateTokenAsync(roleValue, result.GetValue(name) ?? $"cli {roleValue}", lifetime, ct);
            Console.WriteLine(created.Secret);
            return 0;
        }, cancellationToken));
        command.Subcommands.Add(create);

        var listTenant = TenantOption();
        var list = new Command("list", "Listet die Tokens eines Mandanten (ohne Geheimnis).") { listTenant };
        list.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(listTenant), async (services, ct) =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            foreach (var token in await services.GetRequiredService<AccountService>().ListTokensAsync(ct))
            {
                var state = token.IsActive(now) ? "aktiv" : token.RevokedAt is null ? "abgelaufen" : "widerrufen";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{token.Id}\t{token.Role}\t{state}\t{token.CreatedAt:O}\t{token.Name}"));
            }

            return 0;
        }, cancellationToken));
        command.Subcommands.Add(list);

        var revokeTenant = TenantOption();
        var id = new Option<Guid>("--id") { Description = "Id des Tokens (aus token list).", Required = true };
        var revoke = new Command("revoke", "Widerruft ein Token sofort.") { revokeTenant, id };
        revoke.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(revokeTenant), async (services, ct) =>
            await services.GetRequiredService<AccountService>().RevokeTokenAsync(result.GetValue(id), ct)
                ? 0
                : CommandHost.Fail("No token with that id in this tenant."), cancellationToken));
        command.Subcommands.Add(revoke);
        return command;
    }

    public static Command User()
    {
        var command = new Command("user", "Konten von Personen.");
        var tenant = TenantOption();
        var email = new Option<string>("--email") { Description = "E-Mail-Adresse (zugleich Anmeldename).", Required = true };
        var role = new Option<string>("--role") { Description = $"Rolle im Mandanten: {string.Join(", ", Roles.All)}.", Required = true };
        role.AcceptOnlyFromAmong([.. Roles.All]);
        var name = new Option<string?>("--name") { Description = "Anzeigename." };
        var create = new Command("create", "Legt ein Konto an (oder ergänzt eine Rolle). Das Passwort kommt aus STADTKERN_PASSWORD oder der ersten Zeile von stdin.")
        {
            tenant, email, role, name,
        };
        create.SetAction((result, cancellationToken) => CommandHost.RunAsync(result.GetValue(tenant), async (services, ct) =>
        {
            var password = Environment.GetEnvironmentVariable("STADTKERN_PASSWORD") ?? Console.In.ReadLine();
            if (string.IsNullOrEmpty(password))
            {
                return CommandHost.Fail("No password: set STADTKERN_PASSWORD or pipe it on stdin.");
            }

            var outcome = await services.GetRequiredService<AccountService>()
                .EnsureUserAsync(result.GetValue(email)!, password, result.GetValue(name), result.GetValue(role)!, ct);
            return outcome.Succeeded ? 0 : CommandHost.Fail(string.Join(" ", outcome.Errors.Select(e => e.Description)));
        }, cancellationToken));
        command.Subcommands.Add(create);
        return command;
    }
}
