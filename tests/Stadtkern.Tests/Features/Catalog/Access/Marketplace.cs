using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Store;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Access;

/// <summary>Arranging marketplace tests through the app's own services, and signing people in over HTTP.</summary>
internal static partial class Marketplace
{
    public const string Password = "eine lange Passphrase";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A dataset with the given access level in <paramref name="tenant"/>, with an organisation if needed.</summary>
    public static async Task<Dataset> DatasetAsync(StadtkernFactory app, string name, AccessLevel access = AccessLevel.Restricted, string tenant = "demo")
    {
        await using var scope = await app.TenantScopeAsync(tenant);
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        if (await store.FindOrganizationAsync("tiefbau", Ct) is null)
        {
            await DatasetStoreTests.OrganizationAsync(scope.ServiceProvider);
        }

        var result = await store.CreateAsync(DatasetStoreTests.Input(name, "Zählung " + name) with { Access = access }, CatalogCaller.System("test"), Ct);
        result.Errors.ShouldBeEmpty();
        return result.Dataset!;
    }

    public static async Task CreateTenantAsync(StadtkernFactory app, string slug)
    {
        var admin = await app.ClientAsync("demo", Roles.Admin);
        var response = await admin.PostAsJsonAsync("/api/tenants", new { slug, name = "Gemeinde " + slug, ars = "083350043043", ags = "08335043" }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    /// <summary>An account with <paramref name="role"/> in <paramref name="tenant"/>; returns its id.</summary>
    public static async Task<Guid> UserAsync(StadtkernFactory app, string email, string role = Roles.Citizen, string tenant = "demo", string? displayName = null)
    {
        await using var scope = await app.TenantScopeAsync(tenant);
        var outcome = await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureUserAsync(email, Password, displayName, role, Ct);
        outcome.Succeeded.ShouldBeTrue();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(Ct);
    }

    /// <summary>A browser-like client (cookies) signed in through the login page.</summary>
    public static async Task<HttpClient> SignInAsync(StadtkernFactory app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/anmelden", Ct);
        var response = await client.PostAsync("/anmelden", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = Password,
            ["__RequestVerificationToken"] = Antiforgery(form),
        }), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return client;
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string Antiforgery(string html)
    {
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        token.ShouldNotBeNullOrEmpty();
        return token;
    }

    public static CatalogCaller Person(Guid userId, params string[] roles) => new(userId, null, "test-person", roles.ToHashSet(), false);

    public static CatalogCaller App(Guid tokenId, params string[] roles) => new(null, tokenId, "test-app", roles.ToHashSet(), false);

    /// <summary>Asks <see cref="DataAccess"/> in <paramref name="tenant"/>, as every data path does.</summary>
    public static async Task<bool> CanUseAsync(StadtkernFactory app, string dataset, CatalogCaller caller, string tenant = "demo", DataUse use = DataUse.Download)
    {
        await using var scope = await app.TenantScopeAsync(tenant);
        var found = (await scope.ServiceProvider.GetRequiredService<DatasetStore>().FindAsync(dataset, Ct)).ShouldNotBeNull();
        return await scope.ServiceProvider.GetRequiredService<DataAccess>().CanUseDataAsync(found, caller, use, Ct);
    }

    public static async Task<List<AccessAuditEntry>> AuditAsync(StadtkernFactory app, string tenant = "demo")
    {
        await using var scope = await app.TenantScopeAsync(tenant);
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<AccessAuditEntry>().AsNoTracking().OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(Ct);
    }

    public static async Task<Guid> TokenIdAsync(StadtkernFactory app, string secret)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var hash = ApiToken.Hash(secret);
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().ApiTokens.Where(t => t.SecretHash == hash).Select(t => t.Id).SingleAsync(Ct);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// <summary>The JSON shapes the API answers with, as a client reads them.</summary>
internal sealed record PartyDto(string Kind, Guid? Id, string Name);

internal sealed record RequestDto(
    Guid Id, string Tenant, string Dataset, string Status, string Purpose, string? Organization, PartyDto Requester, PartyDto? ForTenant,
    string? DecidedBy, string? DecisionNote, string? Conditions, DateTimeOffset? ExpiresAt, Guid? GrantId);

internal sealed record GrantDto(Guid Id, string Dataset, PartyDto Grantee, string? Conditions, DateTimeOffset? ValidUntil, DateTimeOffset? RevokedAt, bool Active);

internal sealed record AuditDto(DateTimeOffset At, string Dataset, PartyDto Caller, string Use, string Outcome, string Basis, Guid? GrantId);
