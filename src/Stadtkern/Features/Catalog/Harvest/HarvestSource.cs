using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>A remote catalogue this tenant harvests datasets from.</summary>
internal sealed class HarvestSource : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Unique within the tenant; the CLI's <c>--source</c> names it.</summary>
    public string Name { get; set; } = "";

    public HarvestKind Kind { get; set; }

    /// <summary>CKAN: the site root (the API is under <c>/api/3/action/</c>); DCAT: the catalogue document (first page).</summary>
    public string Url { get; set; } = "";

    /// <summary>Name of the local organisation that receives every dataset; null maps each dataset's publisher to an organisation.</summary>
    public string? OrganizationName { get; set; }

    /// <summary>Minutes between scheduled runs; null harvests only when asked (manual).</summary>
    public int? IntervalMinutes { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>The newest source modification date of the last successful run; the next run asks only for newer records.</summary>
    public DateTimeOffset? HighWaterMark { get; set; }

    /// <summary>Set only by an instance operator: this source may point at private or loopback addresses.</summary>
    public bool AllowPrivateNetwork { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Modified { get; set; }
}

/// <summary>The protocols a source speaks.</summary>
internal enum HarvestKind
{
    Ckan,
    Dcat,

    /// <summary>Another Stadtkern instance, harvested through its CKAN API.</summary>
    Stadtkern,
}

internal static class HarvestKinds
{
    public static string Key(this HarvestKind kind) => kind switch
    {
        HarvestKind.Ckan => "ckan",
        HarvestKind.Dcat => "dcat",
        HarvestKind.Stadtkern => "stadtkern",
    };

    public static HarvestKind Parse(string stored) => TryParse(stored, out var kind) ? kind : HarvestKind.Ckan;

    public static bool TryParse(string? value, out HarvestKind kind)
    {
        foreach (var candidate in Enum.GetValues<HarvestKind>())
        {
            if (string.Equals(candidate.Key(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}

internal sealed class HarvestSourceConfiguration : IEntityTypeConfiguration<HarvestSource>
{
    public void Configure(EntityTypeBuilder<HarvestSource> builder)
    {
        builder.ToTable("catalog_harvest_sources");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => new { s.TenantId, s.Name }).IsUnique();
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Kind).HasConversion(k => k.Key(), s => HarvestKinds.Parse(s)).HasMaxLength(20);
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.OrganizationName).HasMaxLength(100);
    }
}
