using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Platform.Accounts;

internal sealed record CreatedToken(Guid Id, string Secret);

/// <summary>Accounts and API tokens of the current tenant.</summary>
internal sealed class AccountService(StadtkernDb db, UserManager<User> users, TenantContext tenant, TimeProvider clock)
{
    /// <summary>Creates the account if needed and gives it <paramref name="role"/> in the current tenant.</summary>
    public async Task<IdentityResult> EnsureUserAsync(string email, string password, string? displayName, string role, CancellationToken cancellationToken)
    {
        if (!Roles.IsKnown(role))
        {
            return IdentityResult.Failed(new IdentityError { Code = "UnknownRole", Description = $"Unknown role '{role}'." });
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new User
            {
                Id = Guid.CreateVersion7(clock.GetStoredNow()),
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = displayName,
                CreatedAt = clock.GetStoredNow(),
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return created;
            }
        }

        var tenantId = tenant.Required.Id;
        if (!await db.Memberships.AnyAsync(m => m.UserId == user.Id && m.TenantId == tenantId && m.Role == role, cancellationToken))
        {
            db.Memberships.Add(new Membership { UserId = user.Id, TenantId = tenantId, Role = role, CreatedAt = clock.GetStoredNow() });
            await db.SaveChangesAsync(cancellationToken);
        }

        return IdentityResult.Success;
    }

    /// <summary>Creates an API token for the current tenant; the secret is returned once and never stored.</summary>
    public async Task<CreatedToken> CreateTokenAsync(string role, string name, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'. Known roles: {string.Join(", ", Roles.All)}.", nameof(role));
        }

        var now = clock.GetStoredNow();
        var secret = ApiToken.NewSecret();
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenant.Required.Id,
            Role = role,
            Name = name,
            SecretHash = ApiToken.Hash(secret),
            CreatedAt = now,
            ExpiresAt = lifetime is null ? null : now + lifetime.Value,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedToken(token.Id, secret);
    }

    /// <summary>Revokes a token of the current tenant; false if there is none with that id.</summary>
    public async Task<bool> RevokeTokenAsync(Guid id, CancellationToken cancellationToken)
    {
        var tenantId = tenant.Required.Id;
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id && t.TenantId == tenantId, cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt ??= clock.GetStoredNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public Task<List<ApiToken>> ListTokensAsync(CancellationToken cancellationToken)
    {
        var tenantId = tenant.Required.Id;
        return db.ApiTokens.AsNoTracking().Where(t => t.TenantId == tenantId).OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken);
    }
}
