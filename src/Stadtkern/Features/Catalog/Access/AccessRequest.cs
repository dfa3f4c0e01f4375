using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Access;

/// <summary>
/// A request for the data of a restricted dataset: who asks (a person or an app token), for whom (themselves,
/// or all administration members of their tenant), why, and what the steward decided.
/// </summary>
internal sealed class AccessRequest : ITenantOwned
{
    public Guid Id { get; set; }

    /// <summary>The tenant that owns the dataset (and decides).</summary>
    public Guid TenantId { get; set; }

    public Guid DatasetId { get; set; }

    /// <summary>The signed-in person who asked, or null when an app token asked.</summary>
    public Guid? RequesterUserId { get; set; }

    /// <summary>The API token that asked, or null when a person asked.</summary>
    public Guid? RequesterTokenId { get; set; }

    /// <summary>When set, the request is made for all administration members of this tenant (cross-administration exchange).</summary>
    public Guid? ForTenantId { get; set; }

    /// <summary>Free text: the organisation, project or office the requester works for (shown to the steward).</summary>
    public string? Organization { get; set; }

    public string Purpose { get; set; } = "";

    public AccessRequestStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>Who decided (account name or token name of the steward).</summary>
    public string? DecidedBy { get; set; }

    /// <summary>Reason given with a rejection (or a remark with an approval).</summary>
    public string? DecisionNote { get; set; }

    /// <summary>Conditions of use attached to the approval.</summary>
    public string? Conditions { get; set; }

    /// <summary>When the resulting grant ends; null means until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The grant created by the approval.</summary>
    public Guid? GrantId { get; set; }

    /// <summary>What the approval grants to: the requesting tenant, the requesting token, or the requesting person.</summary>
    public (GranteeKind Kind, Guid Id) Grantee => ForTenantId is { } tenant ? (GranteeKind.Tenant, tenant)
        : RequesterTokenId is { } token ? (GranteeKind.Token, token)
        : (GranteeKind.User, RequesterUserId ?? throw new InvalidOperationException("An access request without requester."));
}

internal enum AccessRequestStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
}

internal static class AccessRequestStatuses
{
    public static string Key(this AccessRequestStatus status) => status switch
    {
        AccessRequestStatus.Pending => "pending",
        AccessRequestStatus.Approved => "approved",
        AccessRequestStatus.Rejected => "rejected",
        AccessRequestStatus.Withdrawn => "withdrawn",
    };

    public static string German(this AccessRequestStatus status) => status switch
    {
        AccessRequestStatus.Pending => "offen",
        AccessRequestStatus.Approved => "genehmigt",
        AccessRequestStatus.Rejected => "abgelehnt",
        AccessRequestStatus.Withdrawn => "zurückgezogen",
    };

    public static bool TryParse(string? value, out AccessRequestStatus status)
    {
        foreach (var candidate in Enum.GetValues<AccessRequestStatus>())
        {
            if (string.Equals(candidate.Key(), value, StringComparison.OrdinalIgnoreCase))
            {
                status = candidate;
                return true;
            }
        }

        status = AccessRequestStatus.Pending;
        return false;
    }
}

internal sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> builder)
    {
        builder.ToTable("catalog_access_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Ignore(r => r.Grantee);
        builder.HasIndex(r => new { r.TenantId, r.Status, r.CreatedAt });
        builder.HasIndex(r => r.RequesterUserId);
        builder.HasIndex(r => r.RequesterTokenId);
        // One open request per requester and dataset (the store checks first; these catch the race).
        builder.HasIndex(r => new { r.DatasetId, r.RequesterUserId }).IsUnique().HasFilter("status = 'pending'")
            .HasDatabaseName("ux_catalog_access_requests_pending_user");
        builder.HasIndex(r => new { r.DatasetId, r.RequesterTokenId }).IsUnique().HasFilter("status = 'pending'")
            .HasDatabaseName("ux_catalog_access_requests_pending_token");
        builder.Property(r => r.Organization).HasMaxLength(300);
        builder.Property(r => r.Purpose).HasMaxLength(4000);
        builder.Property(r => r.DecidedBy).HasMaxLength(300);
        builder.Property(r => r.DecisionNote).HasMaxLength(2000);
        builder.Property(r => r.Conditions).HasMaxLength(2000);
        builder.Property(r => r.Status).HasConversion(s => s.Key(), s => Parse(s)).HasMaxLength(20);
        builder.HasOne<Model.Dataset>().WithMany().HasForeignKey(r => r.DatasetId).OnDelete(DeleteBehavior.Cascade);
    }

    private static AccessRequestStatus Parse(string stored) =>
        AccessRequestStatuses.TryParse(stored, out var status) ? status : throw new InvalidOperationException($"Unknown request status '{stored}' in the database.");
}
