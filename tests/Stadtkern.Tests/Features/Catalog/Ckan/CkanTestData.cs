using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Ckan;

/// <summary>A CKAN answer: status code and the parsed body (the envelope, or CKAN's bare "Bad request" string).</summary>
internal sealed record CkanReply(HttpStatusCode Status, JsonNode? Body)
{
    public JsonNode Result => Body!["success"]!.GetValue<bool>() ? Body["result"]! : throw new InvalidOperationException($"Not a success: {Body.ToJsonString()}");

    public JsonObject Error => (JsonObject)Body!["error"]!;

    public override string ToString() => $"{(int)Status} {Body?.ToJsonString()}";
}

/// <summary>Arranges a small catalog and talks to the CKAN API like ckanapi does (POST JSON, bare token).</summary>
internal static class CkanTestData
{
    public const string Org = "ckan-tiefbau";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Three datasets of one organisation: public, internal and restricted, plus a group.</summary>
    public static async Task ArrangeAsync(StadtkernFactory app)
    {
        await using var scope = await app.TenantScopeAsync();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationStore>();
        (await organizations.CreateAsync(Org, "Tiefbauamt (CKAN-Test)", "Straßen und Wege", "tiefbau@musterstadt.example", null, null, Ct)).Errors.ShouldBeEmpty();
        (await organizations.CreateGroupAsync("ckan-mobilitaet", "Mobilität (CKAN-Test)", null, Ct)).Errors.ShouldBeEmpty();
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        var steward = CatalogCaller.System("test");
        foreach (var (name, title, access, tag) in new[]
        {
            ("ckan-radzaehlung", "Radzählstellen", AccessLevel.Public, "Radverkehr"),
            ("ckan-intern", "Interne Verkehrsplanung", AccessLevel.Internal, "Geheimplanung"),
            ("ckan-marktplatz", "Parkhausbelegung Rohdaten", AccessLevel.Restricted, "Parken"),
        })
        {
            var result = await store.CreateAsync(DatasetStoreTests.Input(name, title, Org) with
            {
                Access = access,
                Tags = [tag, "Mobilität"],
                Groups = ["ckan-mobilitaet"],
                Resources = [new ResourceInput { Name = "Daten", Url = $"https://daten.musterstadt.example/{name}.csv", Format = "csv" }],
            }, steward, Ct);
            result.Errors.ShouldBeEmpty();
        }
    }

    public static HttpClient WithBareToken(StadtkernFactory app, string token)
    {
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ckanapi/4.7");
        return client;
    }

    public static async Task<HttpClient> ClientAsync(StadtkernFactory app, string role) =>
        WithBareToken(app, await app.CreateTokenAsync("demo", role));

    /// <summary>POST with a JSON body, as ckanapi's RemoteCKAN.call_action sends it.</summary>
    public static async Task<CkanReply> CallAsync(this HttpClient client, string action, object? body = null)
    {
        var json = body switch
        {
            null => "{}",
            string s => s,
            JsonNode node => node.ToJsonString(),
            _ => System.Text.Json.JsonSerializer.Serialize(body),
        };
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri($"/api/3/action/{action}", UriKind.Relative), content, Ct);
        return await ReadAsync(response);
    }

    public static async Task<CkanReply> GetActionAsync(this HttpClient client, string pathAndQuery)
    {
        using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative), Ct);
        return await ReadAsync(response);
    }

    public static async Task<CkanReply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json", text);
        return new CkanReply(response.StatusCode, JsonNode.Parse(text));
    }

    public static IEnumerable<string> Names(JsonNode results) => results.AsArray().Select(p => p!["name"]!.GetValue<string>());
}
