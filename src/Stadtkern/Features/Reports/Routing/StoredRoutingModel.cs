using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>A tenant's trained router (table <c>routing_models</c>, one row per tenant, replaced by each training).</summary>
internal sealed class StoredRoutingModel : ITenantOwned
{
    public Guid TenantId { get; set; }

    public DateTimeOffset TrainedAt { get; set; }

    /// <summary>Reports the model was trained on.</summary>
    public int ReportCount { get; set; }

    /// <summary>The serialised <see cref="Classifier.RoutingModel"/> (binary, Brotli-compressed).</summary>
    public byte[] Model { get; set; } = [];

    /// <summary>JSON summary of the training: departments, time, cross-validated quality.</summary>
    public string Metrics { get; set; } = "{}";
}

internal sealed class StoredRoutingModelConfiguration : IEntityTypeConfiguration<StoredRoutingModel>
{
    public void Configure(EntityTypeBuilder<StoredRoutingModel> builder)
    {
        builder.ToTable("routing_models");
        builder.HasKey(m => m.TenantId);
        builder.Property(m => m.Metrics).IsJson();
    }
}
