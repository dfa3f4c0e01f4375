using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Api;

/// <summary>The query builder hands <c>$filter</c> to the registered translator with the row's alias, the parameters and the visibility guard.</summary>
public sealed class SensingFilterHookTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    /// <summary>Understands only <c>name:X</c> (name equals X) and checks that it got a visibility guard.</summary>
    private sealed class NameFilter : ISensingFilterTranslator
    {
        public string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard)
        {
            guard.ShouldNotBeNull();
            return filter.StartsWith("name:", StringComparison.Ordinal)
                ? $"{alias}.name = {parameters.Add(filter[5..])}"
                : throw new SensingQueryException("only name:X");
        }

        public string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard) =>
            $"{alias}.name DESC";
    }

    [Theory, DatabaseData]
    public async Task Filters_reach_the_translator_in_collections_counts_and_expansions(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var client = await app.ClientAsync("demo", "app");
        var (thing, _) = await client.CreateStationAsync("Nord");
        await client.CreateStationAsync("Süd");
        using var filtered = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ISensingFilterTranslator, NameFilter>()));
        var filteredClient = filtered.CreateClient();
        filteredClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;

        var page = await filteredClient.GetJsonAsync("/v1.1/Things?$filter=name:Nord&$count=true");
        page.Values().ShouldHaveSingleItem()!.Id().ShouldBe(thing);
        page["@iot.count"]!.GetValue<long>().ShouldBe(1);
        var expanded = await filteredClient.GetJsonAsync("/v1.1/Things?$expand=Datastreams($filter=name:Lufttemperatur Süd)&$orderby=name");
        expanded.Values().Select(t => t!["Datastreams"]!.AsArray().Count).ShouldBe([1, 0]);
        (await filteredClient.SendAsync(HttpMethod.Get, "/v1.1/Things?$filter=anything")).Status.ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }
}
