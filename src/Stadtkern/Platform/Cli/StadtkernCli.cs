using System.CommandLine;

namespace Stadtkern.Platform.Cli;

/// <summary>
/// The command line of the one executable: <c>serve</c> (default) and the operator commands.
/// Commands write their result to stdout and everything else (logs, errors) to stderr, so scripts can
/// capture results, e.g. <c>TOKEN=$(stadtkern token create --tenant demo --role app)</c>.
/// </summary>
internal static class StadtkernCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Stadtkern – urbane Datenplattform. Ohne Befehl startet der Dienst (serve).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.SetAction((result, cancellationToken) => ServeAsync(result.UnmatchedTokens, cancellationToken));

        var serve = new Command("serve", "Startet den Dienst (Standard). Weitere Argumente gehen an den Host, z. B. --urls http://127.0.0.1:9000.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((result, cancellationToken) => ServeAsync(result.UnmatchedTokens, cancellationToken));
        root.Subcommands.Add(serve);

        root.Subcommands.Add(DatabaseCommands.Migrate());
        root.Subcommands.Add(DatabaseCommands.Schema());
        root.Subcommands.Add(AccountCommands.Token());
        root.Subcommands.Add(AccountCommands.User());
        root.Subcommands.Add(TenantCommands.Tenant());
        root.Subcommands.Add(TenantCommands.Demo());
        root.Subcommands.Add(Features.Catalog.Harvest.HarvestCommands.Harvest());
        root.Subcommands.Add(Features.Catalog.CatalogCommands.Catalog());
        root.Subcommands.Add(Features.Reports.Routing.RoutingCommands.Routing());
        root.Subcommands.Add(Features.Reports.Import.ReportCommands.Reports());
        root.Subcommands.Add(Features.Alerts.Nina.NinaCommands.Alerts());

        var parsed = root.Parse(args);

        // A parse error prints the usage help too; it goes to stderr with the error, so that stdout
        // never carries anything but a result (TOKEN=$(stadtkern token create ...) must not capture help).
        return parsed.Errors.Count > 0
            ? parsed.InvokeAsync(new InvocationConfiguration { Output = Console.Error })
            : parsed.InvokeAsync();
    }

    private static async Task<int> ServeAsync(IReadOnlyList<string> hostArgs, CancellationToken cancellationToken)
    {
        await using var app = StadtkernHost.Build([.. hostArgs]);
        await app.RunAsync();
        return 0;
    }
}
