using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Demo;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Tests.Infrastructure;

/// <summary>The real service over its real database, hosted in memory.</summary>
public sealed class StadtkernFactory(TestDatabase database) : WebApplicationFactory<Program>
{
    public DatabaseProvider Provider => database.Provider;

    public string ConnectionString => database.ConnectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Stadtkern", database.ConnectionString);
        builder.UseSetting("Tenancy:CacheSeconds", "0");
        builder.UseSetting("Catalog:FilesPath", Path.Combine(Path.GetTempPath(), "stadtkern-test-files", Guid.NewGuid().ToString("N")));
        // Background harvest rounds would race the tests that drive runs themselves.
        builder.UseSetting("Catalog:Harvest:SchedulerEnabled", "false");
        builder.UseSetting("Nina:PollerEnabled", "false"); // tests never reach the real warning API
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests start from an empty catalog; those that need the demo catalog seed it (SeedDemoCatalog).
        builder.UseSetting("Demo:Catalog", "false");
        builder.UseSetting("Demo:Sensing", "false");
        // Every test posts from the same (absent) client address; the rate-limit test sets its own limit.
        builder.UseSetting("Reports:SubmitPermitLimit", "1000000");
        // Push tests run their own push service on 127.0.0.1.
        builder.UseSetting("Push:AllowLoopbackEndpoints", "true");
    }

    /// <summary>Empties every table (the schema stays) and seeds the demo city again: called before each test.</summary>
    public async Task ResetAsync()
    {
        _ = Services; // starts the host (and so migrates) on first use
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        const string Keep = "'schema_migrations', 'data_protection_keys', 'spatial_ref_sys'";
#pragma warning disable EF1002 // table names come from the database's own catalog, not from input
        if (Provider == DatabaseProvider.Postgres)
        {
            var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT tablename AS \"Value\" FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN (" + Keep + ")").ToListAsync();
            if (tables.Count > 0)
            {
                await db.Database.ExecuteSqlRawAsync($"TRUNCATE {string.Join(", ", tables)} RESTART IDENTITY CASCADE");
            }
        }
        else
        {
            var tables = await db.Database.SqlQueryRaw<string>(
                "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%' AND name NOT IN (" + Keep + ")").ToListAsync();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
            foreach (var table in tables)
            {
                await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{table}\"");
            }

            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON");
            await db.Database.CloseConnectionAsync();
        }
#pragma warning restore EF1002

        ((MemoryCache)Services.GetRequiredService<IMemoryCache>()).Compact(1.0);
        await Services.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
    }

    /// <summary>A service scope in <paramref name="tenantSlug"/>'s tenant, for arranging data through the app's own services.</summary>
    public async Task<AsyncServiceScope> TenantScopeAsync(string tenantSlug = "demo")
    {
        var tenant = await Services.GetRequiredService<TenantDirectory>().FindAsync(tenantSlug, CancellationToken.None)
            ?? throw new InvalidOperationException($"No tenant {tenantSlug}.");
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        return scope;
    }

    /// <summary>Creates an API token through the same service the CLI uses.</summary>
    public async Task<string> CreateTokenAsync(string tenantSlug, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var tenant = await Services.GetRequiredService<TenantDirectory>().FindAsync(tenantSlug, CancellationToken.None)
            ?? throw new InvalidOperationException($"No tenant {tenantSlug}.");
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateTokenAsync(role, "test", null, CancellationToken.None);
        return created.Secret;
    }

    /// <summary>A client that sends <paramref name="token"/> as bearer token.</summary>
    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpClient> ClientAsync(string tenantSlug, string role) => ClientWithToken(await CreateTokenAsync(tenantSlug, role));

    public HttpClient AnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
}
