using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Tenants;

public sealed class TenantSettingsStoreTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal sealed record SampleSection
    {
        public string Greeting { get; init; } = "Moin";

        public int Limit { get; init; } = 3;
    }

    [Theory, DatabaseData]
    public async Task A_section_reads_its_defaults_until_saved_and_is_kept_per_tenant(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        await using (var scope = await app.TenantScopeAsync("demo"))
        {
            var store = scope.ServiceProvider.GetRequiredService<TenantSettingsStore>();
            (await store.GetAsync<SampleSection>("sample", Ct)).ShouldBe(new SampleSection());
            await store.SaveAsync("sample", new SampleSection { Greeting = "Grüß Gott", Limit = 7 }, Ct);
            await store.SaveAsync("sample", new SampleSection { Greeting = "Servus", Limit = 8 }, Ct);
        }

        await using (var scope = await app.TenantScopeAsync("demo"))
        {
            var store = scope.ServiceProvider.GetRequiredService<TenantSettingsStore>();
            (await store.GetAsync<SampleSection>("sample", Ct)).ShouldBe(new SampleSection { Greeting = "Servus", Limit = 8 });
        }
    }

    [Fact]
    public void A_document_that_no_longer_fits_reads_as_defaults()
    {
        TenantSettingsStore.Read<SampleSection>("{\"limit\":\"viele\"}").ShouldBe(new SampleSection());
        TenantSettingsStore.Read<SampleSection>(null).ShouldBe(new SampleSection());
        TenantSettingsStore.Read<SampleSection>("{\"greeting\":\"Hallo\"}").ShouldBe(new SampleSection { Greeting = "Hallo" });
    }
}
