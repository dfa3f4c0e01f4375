using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Model;

/// <summary>An Idempotency-Key or LoRaWAN uplink identity already ingested in a tenant.</summary>
internal sealed class IngestKey : ITenantOwned
{
    public Guid TenantId { get; set; }

    public string Key { get; set; } = "";

    public DateTimeOffset Created { get; set; }
}

internal sealed class IngestKeyConfiguration : IEntityTypeConfiguration<IngestKey>
{
    public void Configure(EntityTypeBuilder<IngestKey> builder)
    {
        builder.ToTable("sensing_ingest_keys");
        builder.HasKey(k => new { k.TenantId, k.Key });
        builder.Property(k => k.Key).HasMaxLength(200);
        builder.HasIndex(k => k.Created);
    }
}
