using System.Text.Json;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using Stadtkern.Tests.Platform.Cli;

namespace Stadtkern.Tests.Features.Reports.Routing;

/// <summary><c>routing train</c> and <c>routing evaluate</c> run as the real executable.</summary>
public sealed class RoutingCommandTests
{
    [Theory, DatabaseData]
    public async Task Train_then_evaluate_print_json_and_count_unknown_departments_as_errors(DatabaseProvider db)
    {
        await using var database = await TestDatabases.CreateAsync(db);
        await using (var app = new StadtkernFactory(database))
        {
            await app.ResetAsync(); // schema and demo tenant, in process
            await RoutingHistory.SeedAsync(app);
        }

        using var cli = new StadtkernProcess(db, database.ConnectionString);
        var untrained = await cli.RunAsync(["routing", "evaluate", "--tenant", "demo", "--csv", "missing.csv"]);
        untrained.ExitCode.ShouldBe(1);
        untrained.Stdout.ShouldBeEmpty();

        var train = await cli.RunAsync(["routing", "train", "--tenant", "demo"]);
        train.ExitCode.ShouldBe(0, train.ToString());
        var summary = JsonSerializer.Deserialize<JsonElement>(train.Stdout);
        summary.GetProperty("reports").GetInt32().ShouldBe(30);
        summary.GetProperty("departments").GetInt32().ShouldBe(2);
        summary.GetProperty("seconds").GetDouble().ShouldBeGreaterThan(0);
        summary.GetProperty("crossValidatedAccuracy").GetDouble().ShouldBeInRange(0, 1);

        // Konstanz columns; an unknown category and district, a missing location, a department the model has never seen,
        // and a row without department (skipped).
        File.WriteAllText(Path.Combine(cli.WorkingDirectory, "held-back.csv"), """
            id,text,category,department,lon,lat,reported_at,district
            1,"Laterne dunkel, Licht aus",Beleuchtung > Straßenlaternen defekt,Stadtwerke Routingstadt,9.17,47.661,2022-01-01 10:00:00,Altstadt
            2,"Schlagloch
            in der Fahrbahn",Gibt es nicht > Neu,Tiefbauamt Routingstadt,,,2022-01-02 10:00:00,Nirgendwo
            3,Laterne dunkel,,Amt für Unbekanntes,9.17,47.661,2022-01-03 10:00:00,
            4,Laterne dunkel,,,9.17,47.661,2022-01-03 10:00:00,
            """);
        var evaluate = await cli.RunAsync(["routing", "evaluate", "--tenant", "demo", "--csv", "held-back.csv"]);
        evaluate.ExitCode.ShouldBe(0, evaluate.ToString());
        var result = JsonSerializer.Deserialize<JsonElement>(evaluate.Stdout);
        result.GetProperty("reports").GetInt32().ShouldBe(3);
        result.GetProperty("skipped").GetInt32().ShouldBe(1);
        result.GetProperty("accuracy").GetDouble().ShouldBe(2.0 / 3, 1e-9);
        result.GetProperty("macroF1").GetDouble().ShouldBeInRange(0, 1);
        result.GetProperty("threshold").GetDouble().ShouldBeInRange(0, 1);
        result.GetProperty("precision").GetDouble().ShouldBeInRange(0, 1);
        result.GetProperty("coverage").GetDouble().ShouldBeInRange(0, 1);
        var f1 = result.GetProperty("f1ByDepartment");
        f1.GetProperty("Amt für Unbekanntes").GetDouble().ShouldBe(0);
        f1.GetProperty("Tiefbauamt Routingstadt").GetDouble().ShouldBe(1);
    }
}
