using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Harvest;

/// <summary>
/// One harvest of one source. An instance runs it only after claiming it in one atomic UPDATE, and keeps a
/// heartbeat while it works; a run without heartbeat is taken over (from its cursor) or marked failed.
/// </summary>
internal sealed class HarvestRun : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid SourceId { get; set; }

    public HarvestRunStatus Status { get; set; }

    /// <summary>Who asked: <c>zeitplan</c>, the user's name, or <c>cli</c>.</summary>
    public string TriggeredBy { get; set; } = "";

    public DateTimeOffset Queued { get; set; }

    public DateTimeOffset? Started { get; set; }

    public DateTimeOffset? Finished { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int Deleted { get; set; }

    public int Failed { get; set; }

    public int PagesDone { get; set; }

    public int? PagesTotal { get; set; }

    public int RecordsDone { get; set; }

    public int? RecordsTotal { get; set; }

    /// <summary>Set by "Abbrechen"; the worker stops between records and pages.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>Where to continue (JSON of <see cref="HarvestCursor"/>); null before the first page.</summary>
    public string? Cursor { get; set; }

    /// <summary>Only records modified since this instant are asked for (the source's high-water mark when the run began).</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>The newest source modification date seen so far; becomes the source's high-water mark on success.</summary>
    public DateTimeOffset? MaxModified { get; set; }

    /// <summary>The instance working on the run.</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? Heartbeat { get; set; }

    /// <summary>How often an instance started or continued the run.</summary>
    public int Attempts { get; set; }

    /// <summary>Why the run failed or was cancelled.</summary>
    public string? Message { get; set; }

    public bool IsActive => Status is HarvestRunStatus.Queued or HarvestRunStatus.Running;

    public bool IsResumable => Status is HarvestRunStatus.Failed or HarvestRunStatus.Cancelled;
}

internal enum HarvestRunStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

internal static class HarvestRunStatuses
{
    public static string Key(this HarvestRunStatus status) => status switch
    {
        HarvestRunStatus.Queued => "queued",
        HarvestRunStatus.Running => "running",
        HarvestRunStatus.Succeeded => "succeeded",
        HarvestRunStatus.Failed => "failed",
        HarvestRunStatus.Cancelled => "cancelled",
    };

    public static string German(this HarvestRunStatus status) => status switch
    {
        HarvestRunStatus.Queued => "wartet",
        HarvestRunStatus.Running => "läuft",
        HarvestRunStatus.Succeeded => "erfolgreich",
        HarvestRunStatus.Failed => "fehlgeschlagen",
        HarvestRunStatus.Cancelled => "abgebrochen",
    };

    public static HarvestRunStatus Parse(string stored) =>
        Enum.GetValues<HarvestRunStatus>().FirstOrDefault(s => s.Key() == stored, HarvestRunStatus.Failed);
}

/// <summary>A record the run could not take over, with the reason.</summary>
internal sealed class HarvestRunError : ITenantOwned
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public Guid RunId { get; set; }

    /// <summary>The record's identity at the source; null for errors of the run as a whole.</summary>
    public string? RecordIdentifier { get; set; }

    public string Message { get; set; } = "";

    public DateTimeOffset Occurred { get; set; }
}

internal sealed class HarvestRunConfiguration : IEntityTypeConfiguration<HarvestRun>
{
    public void Configure(EntityTypeBuilder<HarvestRun> builder)
    {
        builder.ToTable("catalog_harvest_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.SourceId, r.Queued });
        builder.HasIndex(r => new { r.Status, r.Heartbeat });

        // At most one queued or running run per source, across all instances.
        builder.HasIndex(r => r.SourceId).IsUnique().HasFilter("status IN ('queued', 'running')").HasDatabaseName("ux_catalog_harvest_runs_active");
        builder.HasOne<HarvestSource>().WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Status).HasConversion(s => s.Key(), s => HarvestRunStatuses.Parse(s)).HasMaxLength(20);
        builder.Property(r => r.TriggeredBy).HasMaxLength(300);
        builder.Property(r => r.LeaseOwner).HasMaxLength(200);
        builder.Property(r => r.Message).HasMaxLength(2000);
    }
}

internal sealed class HarvestRunErrorConfiguration : IEntityTypeConfiguration<HarvestRunError>
{
    public void Configure(EntityTypeBuilder<HarvestRunError> builder)
    {
        builder.ToTable("catalog_harvest_run_errors");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.HasIndex(e => e.RunId);
        builder.HasOne<HarvestRun>().WithMany().HasForeignKey(e => e.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.RecordIdentifier).HasMaxLength(2000);
        builder.Property(e => e.Message).HasMaxLength(4000);
    }
}
