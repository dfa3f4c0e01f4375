using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Datastore.Model;

/// <summary>Where an upload is on its way into the datastore.</summary>
internal enum LoadStatus
{
    /// <summary>The whole file is being read to infer the schema.</summary>
    Analysing,

    /// <summary>The inferred schema waits for a steward to confirm or edit it.</summary>
    AwaitingConfirmation,

    Loading,
    Completed,

    /// <summary>The file could not be read at all (broken CSV, not GeoJSON, ...); <see cref="DatastoreLoadJob.Message"/> says why.</summary>
    Failed,
}

/// <summary>One rejected row: its line (CSV) or feature number (GeoJSON), the column if known, and why.</summary>
internal sealed record RowError(long Row, string? Column, string Message);

/// <summary>One upload's way into a datastore table: analysis, confirmation, load with progress and rejected rows.</summary>
internal sealed class DatastoreLoadJob : ITenantOwned
{
    /// <summary>At most this many rejected rows are kept with their reason; the count covers all.</summary>
    public const int MaxErrors = 1000;

    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid ResourceId { get; set; }

    public LoadStatus Status { get; set; }

    /// <summary>The uploaded file in the file store.</summary>
    public string FileKey { get; set; } = "";

    public string FileName { get; set; } = "";

    /// <summary><c>csv</c> or <c>geojson</c>.</summary>
    public string Format { get; set; } = "";

    /// <summary>Detected when analysing: <c>utf-8</c> or <c>windows-1252</c>.</summary>
    public string? Encoding { get; set; }

    /// <summary>Detected CSV delimiter.</summary>
    public string? Delimiter { get; set; }

    /// <summary>The inferred, then confirmed <see cref="DatastoreSchema"/> as JSON.</summary>
    public string? Schema { get; set; }

    public long RowsRead { get; set; }

    public long RowsLoaded { get; set; }

    public long RowsRejected { get; set; }

    public long BytesRead { get; set; }

    public long BytesTotal { get; set; }

    /// <summary>The first <see cref="MaxErrors"/> rejected rows as JSON (<see cref="RowError"/>).</summary>
    public string Errors { get; set; } = "[]";

    /// <summary>Why the job failed as a whole.</summary>
    public string? Message { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset? Started { get; set; }

    public DateTimeOffset? Finished { get; set; }

    public DatastoreSchema? ParsedSchema
    {
        get => Schema is null ? null : JsonSerializer.Deserialize<DatastoreSchema>(Schema, DatastoreJson.Options);
        set => Schema = value is null ? null : JsonSerializer.Serialize(value, DatastoreJson.Options);
    }

    public IReadOnlyList<RowError> ParsedErrors => JsonSerializer.Deserialize<List<RowError>>(Errors, DatastoreJson.Options) ?? [];
}

internal sealed class DatastoreLoadJobConfiguration : IEntityTypeConfiguration<DatastoreLoadJob>
{
    public void Configure(EntityTypeBuilder<DatastoreLoadJob> builder)
    {
        builder.ToTable("datastore_load_jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.HasIndex(j => new { j.ResourceId, j.Created });
        builder.Property(j => j.Status).HasConversion(s => Key(s), s => Parse(s)).HasMaxLength(30);
        builder.Property(j => j.FileKey).HasMaxLength(200);
        builder.Property(j => j.FileName).HasMaxLength(300);
        builder.Property(j => j.Format).HasMaxLength(20);
        builder.Property(j => j.Encoding).HasMaxLength(30);
        builder.Property(j => j.Delimiter).HasMaxLength(5);
        builder.Property(j => j.CreatedBy).HasMaxLength(300);
        builder.Ignore(j => j.ParsedSchema);
        builder.Ignore(j => j.ParsedErrors);
    }

    public static string Key(LoadStatus status) => status switch
    {
        LoadStatus.Analysing => "analysing",
        LoadStatus.AwaitingConfirmation => "awaiting_confirmation",
        LoadStatus.Loading => "loading",
        LoadStatus.Completed => "completed",
        LoadStatus.Failed => "failed",
    };

    private static LoadStatus Parse(string stored) =>
        Enum.GetValues<LoadStatus>().FirstOrDefault(s => Key(s) == stored, LoadStatus.Failed);
}
