using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Alerts.Push;
using Stadtkern.Features.App;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts.Push;

public sealed class PushSubscriptionApiTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string P256dh = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private const string Auth = "BTBZMqHH6r4Tts7J_aSIgg";

    private static object Body(string endpoint = "https://fcm.googleapis.com/fcm/send/abc123", string p256dh = P256dh, string auth = Auth,
        string[]? districts = null, string[]? topics = null) =>
        new { endpoint, expirationTime = (object?)null, keys = new { p256dh, auth }, districts = districts ?? [], topics = topics ?? ["alerts"] };

    [Theory, DatabaseData]
    public async Task The_vapid_public_key_is_a_p256_point_created_once_and_its_private_key_is_stored_protected(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = app.AnonymousClient();

        var first = await client.GetFromJsonAsync<JsonElement>("/api/push/vapid-public-key", Ct);
        var second = await client.GetFromJsonAsync<JsonElement>("/api/push/vapid-public-key", Ct);

        var key = first.GetProperty("publicKey").GetString()!;
        second.GetProperty("publicKey").GetString().ShouldBe(key);
        P256Keys.IsValidPublicKey(Base64Url.DecodeFromChars(key)).ShouldBeTrue();

        await using var scope = await app.TenantScopeAsync();
        var stored = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<VapidKeyPair>().SingleAsync(Ct);
        stored.PublicKey.ShouldBe(key);
        stored.ProtectedPrivateKey.Length.ShouldBeGreaterThan(60); // not the 43-character base64url scalar
        var unprotected = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(VapidKeys.Purpose).Unprotect(stored.ProtectedPrivateKey);
        Base64Url.DecodeFromChars(unprotected).Length.ShouldBe(32);

        // Another city has its own key.
        await CreateTenantAsync(app, "konstanz");
        var other = await client.GetFromJsonAsync<JsonElement>("/t/konstanz/api/push/vapid-public-key", Ct);
        other.GetProperty("publicKey").GetString().ShouldNotBe(key);
    }

    [Theory, DatabaseData]
    public async Task A_browser_subscription_is_stored_once_and_updated_when_sent_again(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await SaveDistrictsAsync(app, new AppDistrict("Altstadt", "083350043001"), new AppDistrict("Paradies"));
        var client = app.AnonymousClient();

        var created = await client.PostAsJsonAsync("/api/push/subscriptions", Body(districts: ["altstadt"]), Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.GetProperty("districts").EnumerateArray().Select(e => e.GetString()).ShouldBe(["Altstadt"]);

        var updated = await client.PostAsJsonAsync("/api/push/subscriptions", Body(districts: ["Paradies", "083350043001"], topics: ["alerts"]), Ct);
        updated.StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var scope = await app.TenantScopeAsync();
        var stored = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<PushSubscription>().SingleAsync(Ct);
        stored.Endpoint.ShouldBe("https://fcm.googleapis.com/fcm/send/abc123");
        stored.Districts.ShouldBe(["Paradies", "Altstadt"]);
        stored.Topics.ShouldBe(["alerts"]);
        stored.P256dh.ShouldBe(P256dh);
    }

    private static readonly (string Endpoint, string P256dh, string Auth, string[] Districts, string[] Topics, string Field)[] BadBodies =
    [
        ("http://fcm.googleapis.com/fcm/send/x", P256dh, Auth, Array.Empty<string>(), ["alerts"], "endpoint"),
        ("https://intranet.example/push", P256dh, Auth, Array.Empty<string>(), ["alerts"], "endpoint"),
        ("https://10.0.0.1/push", P256dh, Auth, Array.Empty<string>(), ["alerts"], "endpoint"),
        ("nicht eine URL", P256dh, Auth, Array.Empty<string>(), ["alerts"], "endpoint"),
        ("https://fcm.googleapis.com/fcm/send/x", P256dh[..40], Auth, Array.Empty<string>(), ["alerts"], "keys.p256dh"),
        ("https://fcm.googleapis.com/fcm/send/x", "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4".Replace("JvLex", "JvLey", StringComparison.Ordinal), Auth, Array.Empty<string>(), ["alerts"], "keys.p256dh"),
        ("https://fcm.googleapis.com/fcm/send/x", P256dh, "BTBZMqHH6r4Tts7J", Array.Empty<string>(), ["alerts"], "keys.auth"),
        ("https://fcm.googleapis.com/fcm/send/x", P256dh, "!!!", Array.Empty<string>(), ["alerts"], "keys.auth"),
        ("https://fcm.googleapis.com/fcm/send/x", P256dh, Auth, ["Atlantis"], ["alerts"], "districts"),
        ("https://fcm.googleapis.com/fcm/send/x", P256dh, Auth, Array.Empty<string>(), ["lottozahlen"], "topics"),
        ("https://fcm.googleapis.com/fcm/send/x", P256dh, Auth, Array.Empty<string>(), ["alerts", "reports"], "topics"), // removed: nothing pushed to it
        ("https://fcm.googleapis.com/fcm/send/x", P256dh, Auth, Array.Empty<string>(), Array.Empty<string>(), "topics"),
    ];

    [Theory, DatabaseData]
    public async Task Bad_subscriptions_are_400_problem_details_naming_the_field(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await SaveDistrictsAsync(app, new AppDistrict("Altstadt"));
        var client = app.AnonymousClient();

        foreach (var row in BadBodies)
        {
            var (endpoint, p256dh, auth, districts, topics, field) = row;
            var response = await client.PostAsJsonAsync("/api/push/subscriptions", Body(endpoint, p256dh, auth, districts, topics), Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{field}: {endpoint} {p256dh} {auth}");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(field);
        }

        var malformed = await client.PostAsync("/api/push/subscriptions", new StringContent("{\"endpoint\":", System.Text.Encoding.UTF8, "application/json"), Ct);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using var scope = await app.TenantScopeAsync();
        (await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<PushSubscription>().CountAsync(Ct)).ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task Unsubscribing_by_endpoint_removes_only_that_tenants_subscription(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await CreateTenantAsync(app, "konstanz");
        var client = app.AnonymousClient();
        (await client.PostAsJsonAsync("/api/push/subscriptions", Body(), Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.PostAsJsonAsync("/t/konstanz/api/push/subscriptions", Body(), Ct)).StatusCode.ShouldBe(HttpStatusCode.Created);

        var endpoint = Uri.EscapeDataString("https://fcm.googleapis.com/fcm/send/abc123");
        (await client.DeleteAsync($"/api/push/subscriptions?endpoint={endpoint}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.DeleteAsync($"/api/push/subscriptions?endpoint={endpoint}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.DeleteAsync("/api/push/subscriptions", Ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using var scope = await app.TenantScopeAsync("konstanz");
        (await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<PushSubscription>().CountAsync(Ct)).ShouldBe(1);
    }

    internal static async Task SaveDistrictsAsync(StadtkernFactory app, params AppDistrict[] districts)
    {
        await using var scope = await app.TenantScopeAsync();
        var store = scope.ServiceProvider.GetRequiredService<TenantSettingsStore>();
        await store.SaveAsync(AppSettings.Section, new AppSettings { Districts = [.. districts] }, Ct);
    }

    private static readonly string[] KonstanzModules = ["alerts", "reports", "catalog"];

    internal static async Task CreateTenantAsync(StadtkernFactory app, string slug)
    {
        var admin = await app.ClientAsync("demo", "admin");
        var response = await admin.PostAsJsonAsync("/api/tenants", new
        {
            slug,
            name = "Konstanz",
            ars = "083350043043",
            ags = "08335043",
            contact = new { email = "buergerbuero@konstanz.example" },
            branding = new { primaryColor = "#1a4b7c" },
            modules = KonstanzModules,
        }, Ct);
        response.EnsureSuccessStatusCode();
    }
}
