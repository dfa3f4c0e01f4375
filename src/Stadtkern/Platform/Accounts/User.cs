using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Stadtkern.Platform.Accounts;

/// <summary>A person with a login. People are global; what they may do is per tenant (<see cref="Membership"/>).</summary>
internal sealed class User : IdentityUser<Guid>
{
    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A person's role in one tenant.</summary>
internal sealed class Membership
{
    public Guid UserId { get; set; }

    public Guid TenantId { get; set; }

    public string Role { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.HasKey(m => new { m.UserId, m.TenantId, m.Role });
        builder.HasIndex(m => m.TenantId);
        builder.Property(m => m.Role).HasMaxLength(32);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Tenancy.Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
