using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Routing;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Reports.Open311.Open311Client;

namespace Stadtkern.Tests.Features.Reports.Intake;

/// <summary>How intake uses the router: auto-assign above the threshold, triage below, and a failing router loses nothing.</summary>
public sealed class SubmitReportRoutingTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class FixedRouter(RoutingPrediction? prediction, bool fail = false) : IReportRouter
    {
        public RoutingInput? Seen { get; private set; }

        public Task<RoutingPrediction?> PredictAsync(RoutingInput input, CancellationToken cancellationToken)
        {
            Seen = input;
            return fail ? throw new InvalidOperationException("model file is corrupt") : Task.FromResult(prediction);
        }
    }

    private static async Task<(Report Report, List<ReportEvent> Events, string Agency)> SubmitWithAsync(StadtkernFactory app, FixedRouter router)
    {
        await using var routed = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<IReportRouter>(_ => router)));
        var key = await app.CreateTokenAsync("demo", "app");
        var client = routed.CreateClient();
        var response = await PostFormAsync(client, "/open311/v2/requests.json", Pothole(key, "Laterne flackert und Loch daneben"), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await JsonAsync(response, Ct))[0].GetProperty("service_request_id").GetInt64();
        var agency = (await JsonAsync(await client.GetAsync($"/open311/v2/requests/{id}.json", Ct), Ct))[0].Str("agency_responsible") ?? "";
        await using var scope = await app.TenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        return (await db.Set<Report>().SingleAsync(r => r.Id == id, Ct), await db.Set<ReportEvent>().Where(e => e.ReportId == id).OrderBy(e => e.Id).ToListAsync(Ct), agency);
    }

    [Theory, DatabaseData]
    public async Task A_confident_prediction_assigns_the_department_automatically(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var router = new FixedRouter(new RoutingPrediction("stadtwerke", 0.93, [new("stadtwerke", 0.93), new("tiefbau", 0.05), new("gruen", 0.02)], AutoAssign: true));

        var (report, events, agency) = await SubmitWithAsync(app, router);

        router.Seen!.Category.ShouldBe("Straßen und Wege > Schlagloch oder Straßenschaden");
        router.Seen.Text.ShouldBe("Laterne flackert und Loch daneben");
        report.RoutingMode.ShouldBe("automatic");
        report.RoutingConfidence.ShouldBe(0.93);
        report.RoutingSuggestions.ShouldNotBeNull().ShouldContain("tiefbau");
        agency.ShouldBe("Stadtwerke");
        events.Select(e => e.Kind).ShouldBe(["created", "routed"]);
    }

    [Theory, DatabaseData]
    public async Task An_unsure_prediction_puts_the_report_into_triage_with_suggestions(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var router = new FixedRouter(new RoutingPrediction("stadtwerke", 0.41, [new("stadtwerke", 0.41), new("tiefbau", 0.39), new("gruen", 0.2)], AutoAssign: false));

        var (report, _, agency) = await SubmitWithAsync(app, router);

        report.RoutingMode.ShouldBe("triage");
        report.DepartmentId.ShouldBeNull();
        report.RoutingSuggestions.ShouldNotBeNull().ShouldContain("gruen");
        agency.ShouldBe("");
    }

    [Theory, DatabaseData]
    public async Task A_failing_router_never_loses_the_report(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var (report, events, agency) = await SubmitWithAsync(app, new FixedRouter(null, fail: true));

        report.Description.ShouldBe("Laterne flackert und Loch daneben");
        report.RoutingMode.ShouldBe("service"); // falls back to the category's department
        agency.ShouldBe("Tiefbauamt");
        events[0].Kind.ShouldBe("created");
    }
}
