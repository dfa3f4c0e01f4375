using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports;
using Stadtkern.Features.Reports.Routing;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Reports.Routing;

public sealed class PredictDepartmentTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Light => new { text = "Laterne vor Hausnummer 4 ist dunkel", category = (string?)null, lat = 47.661, lon = 9.17 };

    [Theory, DatabaseData]
    public async Task Without_a_trained_model_predict_answers_409_and_after_training_names_the_department(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", Roles.Staff);

        var before = await staff.PostAsJsonAsync("/api/routing/predict", Light, Ct);
        before.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        before.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");

        await RoutingHistory.SeedAsync(app);
        TrainingSummary summary;
        await using (var scope = await app.TenantScopeAsync("demo"))
        {
            summary = await scope.ServiceProvider.GetRequiredService<TrainRoutingModel>().TrainAsync(Ct);
        }

        summary.Reports.ShouldBe(30);
        summary.Departments.ShouldBe(2);
        summary.CrossValidatedAccuracy.ShouldNotBeNull().ShouldBeGreaterThan(0.9);

        var response = await staff.PostAsJsonAsync("/api/routing/predict", Light, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("department").GetString().ShouldBe("Stadtwerke Routingstadt");
        body.GetProperty("departmentKey").GetString().ShouldBe("routing-stadtwerke");
        var confidence = body.GetProperty("confidence").GetDouble();
        confidence.ShouldBeInRange(0.5, 1.0);
        var alternatives = body.GetProperty("alternatives").EnumerateArray().ToList();
        alternatives.Count.ShouldBe(2);
        alternatives[0].GetProperty("department").GetString().ShouldBe("Stadtwerke Routingstadt");
        alternatives.Sum(a => a.GetProperty("confidence").GetDouble()).ShouldBe(1.0, 1e-6);
        body.GetProperty("autoAssign").GetBoolean().ShouldBe(confidence >= body.GetProperty("threshold").GetDouble());

        // The per-tenant path answers the same, and the router used by intake sees the same model.
        var tenantPath = await staff.PostAsJsonAsync("/t/demo/api/routing/predict", new { text = "Schlagloch in der Fahrbahn", lat = 47.69, lon = 9.15 }, Ct);
        tenantPath.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenantPath.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("departmentKey").GetString().ShouldBe("routing-tiefbau");
    }

    [Theory, DatabaseData]
    public async Task The_threshold_is_a_tenant_setting(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await RoutingHistory.SeedAsync(app);
        await using var scope = await app.TenantScopeAsync("demo");
        await scope.ServiceProvider.GetRequiredService<TrainRoutingModel>().TrainAsync(Ct);
        var router = scope.ServiceProvider.GetRequiredService<IReportRouter>();
        router.ShouldBeOfType<ReportRouter>();
        var input = new RoutingInput("Laterne dunkel", null, 47.661, 9.17, null);

        var settings = scope.ServiceProvider.GetRequiredService<TenantSettingsStore>();
        await settings.SaveAsync(ReportSettings.Section, new ReportSettings { AutoAssignThreshold = 0.0 }, Ct);
        (await router.PredictAsync(input, Ct)).ShouldNotBeNull().AutoAssign.ShouldBeTrue();
        await settings.SaveAsync(ReportSettings.Section, new ReportSettings { AutoAssignThreshold = 1.0 }, Ct);
        var prediction = (await router.PredictAsync(input, Ct)).ShouldNotBeNull();
        prediction.AutoAssign.ShouldBeFalse();
        prediction.DepartmentKey.ShouldBe("routing-stadtwerke");
        prediction.Alternatives.Count.ShouldBe(2);
    }

    [Theory, DatabaseData]
    public async Task Bad_input_is_400_and_only_staff_may_ask(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var staff = await app.ClientAsync("demo", Roles.Staff);

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { text = "" }, "text"),
            (new { text = "Laterne", lat = 91.0, lon = 9.0 }, "lat"),
            (new { text = "Laterne", lat = 47.0, lon = -181.0 }, "lon"),
            (new { text = "Laterne", lat = 47.0 }, "lon"),
        })
        {
            var response = await staff.PostAsJsonAsync("/api/routing/predict", body, Ct);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(field);
        }

        var broken = await staff.PostAsync("/api/routing/predict", new StringContent("{\"text\":", System.Text.Encoding.UTF8, "application/json"), Ct);
        broken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await app.AnonymousClient().PostAsJsonAsync("/api/routing/predict", Light, Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var app311 = await app.ClientAsync("demo", Roles.App);
        (await app311.PostAsJsonAsync("/api/routing/predict", Light, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var admin = await app.ClientAsync("demo", Roles.Admin);
        (await admin.PostAsJsonAsync("/api/routing/predict", Light, Ct)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }
}
