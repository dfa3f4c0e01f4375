using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Platform.Persistence;

/// <summary>
/// The one database context. Tenant isolation lives here and nowhere else: every entity that
/// implements <see cref="ITenantOwned"/> is filtered to <see cref="CurrentTenantId"/> and stamped with it
/// when added. Code that must cross tenants (the tenant admin, token lookup) says so with
/// <c>IgnoreQueryFilters()</c>.
/// </summary>
internal sealed class StadtkernDb(DbContextOptions<StadtkernDb> options, TenantContext tenant)
    : IdentityUserContext<User, Guid>(options)
{
    public Guid CurrentTenantId => tenant.TenantId;

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Department> Departments => Set<Department>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no timestamp type; as 64-bit integers UTC instants sort and compare in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<User>().ToTable("users");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserClaim<Guid>>().ToTable("user_claims");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserLogin<Guid>>().ToTable("user_logins");
        builder.Entity<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().ToTable("user_tokens");
        builder.Entity<User>().Property(u => u.DisplayName).HasMaxLength(200);

        builder.ApplyConfigurationsFromAssembly(typeof(StadtkernDb).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (typeof(ITenantOwned).IsAssignableFrom(entity.ClrType) && entity.BaseType is null)
            {
                builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
            }
        }

        SnakeCaseNaming.Apply(builder.Model);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = CurrentTenantId != Guid.Empty
                    ? CurrentTenantId
                    : throw new InvalidOperationException($"A {entry.Entity.GetType().Name} was added without a tenant.");
            }
        }
    }

    private LambdaExpression TenantFilter(Type entityType)
    {
        var entity = Expression.Parameter(entityType, "e");
        var body = Expression.Equal(
            Expression.Property(entity, nameof(ITenantOwned.TenantId)),
            Expression.Property(Expression.Constant(this), nameof(CurrentTenantId)));
        return Expression.Lambda(body, entity);
    }
}
