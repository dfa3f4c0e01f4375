using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Datastore.Model;

/// <summary>The metadata of one resource's datastore table (<c>datastore_&lt;resource id without dashes&gt;</c>).</summary>
internal sealed class DatastoreTable : ITenantOwned
{
    public Guid ResourceId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The physical table; one per resource, replaced on every full load.</summary>
    public string TableName { get; set; } = "";

    /// <summary>The <see cref="DatastoreSchema"/> as JSON.</summary>
    public string Fields { get; set; } = "";

    public long RowCount { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Modified { get; set; }

    public DatastoreSchema Schema
    {
        get => JsonSerializer.Deserialize<DatastoreSchema>(Fields, DatastoreJson.Options) ?? new DatastoreSchema([], []);
        set => Fields = JsonSerializer.Serialize(value, DatastoreJson.Options);
    }

    public static string TableNameOf(Guid resourceId) => $"datastore_{resourceId:N}";
}

internal sealed class DatastoreTableConfiguration : IEntityTypeConfiguration<DatastoreTable>
{
    public void Configure(EntityTypeBuilder<DatastoreTable> builder)
    {
        builder.ToTable("datastore_tables");
        builder.HasKey(t => t.ResourceId);
        builder.Property(t => t.ResourceId).ValueGeneratedNever();
        builder.Property(t => t.TableName).HasMaxLength(63);
        builder.Ignore(t => t.Schema);
        builder.HasIndex(t => t.TenantId);
    }
}

internal static class DatastoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
