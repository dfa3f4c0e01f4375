using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Platform.Accounts;

/// <summary>API tokens over HTTP, against the tenant API (it needs the admin role).</summary>
public sealed class ApiTokenAuthenticationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task A_valid_token_is_accepted(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        var response = await app.ClientWithToken(await app.CreateTokenAsync("demo", Roles.Admin)).GetAsync("/api/tenants", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task Without_credentials_a_request_is_anonymous_and_a_token_next_to_an_unrelated_cookie_still_counts(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var token = await app.CreateTokenAsync("demo", Roles.Admin);
        var bare = app.AnonymousClient();
        var withCookie = app.AnonymousClient();
        withCookie.DefaultRequestHeaders.TryAddWithoutValidation("Cookie", "stadtkern.csrf=abc; unrelated=1").ShouldBeTrue();
        var tokenAndCookie = app.ClientWithToken(token);
        tokenAndCookie.DefaultRequestHeaders.TryAddWithoutValidation("Cookie", "unrelated=1").ShouldBeTrue();

        var anonymous = await bare.GetAsync("/api/tenants", Ct);
        var cookieOnly = await withCookie.GetAsync("/api/tenants", Ct);
        var both = await tokenAndCookie.GetAsync("/api/tenants", Ct);

        // Authentication is skipped without credentials: the endpoint's policy still challenges, as with an unknown cookie.
        foreach (var refused in new[] { anonymous, cookieOnly })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }

        both.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task A_bare_token_without_the_bearer_scheme_is_accepted(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var token = await app.CreateTokenAsync("demo", Roles.Admin);
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token).ShouldBeTrue();

        var response = await client.GetAsync("/api/tenants", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task A_revoked_token_is_401(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (id, secret) = await CreateTokenAsync(app, null);
        var client = app.ClientWithToken(secret);
        (await client.GetAsync("/api/tenants", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = await DemoScopeAsync(app))
        {
            (await scope.ServiceProvider.GetRequiredService<AccountService>().RevokeTokenAsync(id, Ct)).ShouldBeTrue();
        }

        var response = await client.GetAsync("/api/tenants", Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ShouldContain(new AuthenticationHeaderValue("Bearer"));
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory, DatabaseData]
    public async Task An_expired_token_is_401_and_one_that_has_not_expired_yet_works(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (expiredId, expired) = await CreateTokenAsync(app, TimeSpan.FromDays(30));
        var (_, current) = await CreateTokenAsync(app, TimeSpan.FromDays(30));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var past = DateTimeOffset.UtcNow.AddMinutes(-1);
            (await scope.ServiceProvider.GetRequiredService<StadtkernDb>().ApiTokens
                .Where(t => t.Id == expiredId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, past), Ct)).ShouldBe(1);
        }

        (await app.ClientWithToken(expired).GetAsync("/api/tenants", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await app.ClientWithToken(current).GetAsync("/api/tenants", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory, DatabaseData]
    public async Task Garbage_and_unknown_tokens_are_401(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);

        foreach (var token in new[] { "garbage", ApiToken.NewSecret(), "stk_", "Bearer" })
        {
            var response = await app.ClientWithToken(token).GetAsync("/api/tenants", Ct);

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, token);
        }
    }

    [Theory, DatabaseData]
    public async Task Other_authorization_schemes_are_401(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var token = await app.CreateTokenAsync("demo", Roles.Admin);
        var client = app.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);

        var response = await client.GetAsync("/api/tenants", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory, DatabaseData]
    public async Task Only_the_hash_of_a_token_is_stored(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var (id, secret) = await CreateTokenAsync(app, null);

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<StadtkernDb>().ApiTokens.SingleAsync(t => t.Id == id, Ct);
        stored.SecretHash.ShouldBe(ApiToken.Hash(secret));
        stored.SecretHash.ShouldNotContain(secret[ApiToken.SecretPrefix.Length..]);
        stored.Role.ShouldBe(Roles.Admin);
    }

    [Theory, DatabaseData]
    public async Task Creating_a_token_with_an_unknown_role_is_refused(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await DemoScopeAsync(app);

        await Should.ThrowAsync<ArgumentException>(
            () => scope.ServiceProvider.GetRequiredService<AccountService>().CreateTokenAsync("superuser", "x", null, Ct));
    }

    private static async Task<(Guid Id, string Secret)> CreateTokenAsync(StadtkernFactory app, TimeSpan? lifetime)
    {
        await using var scope = await DemoScopeAsync(app);
        var created = await scope.ServiceProvider.GetRequiredService<AccountService>().CreateTokenAsync(Roles.Admin, "test", lifetime, Ct);
        return (created.Id, created.Secret);
    }

    private static async Task<AsyncServiceScope> DemoScopeAsync(StadtkernFactory app)
    {
        var scope = app.Services.CreateAsyncScope();
        var demo = await app.Services.GetRequiredService<TenantDirectory>().FindAsync("demo", Ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(demo.ShouldNotBeNull());
        return scope;
    }
}
