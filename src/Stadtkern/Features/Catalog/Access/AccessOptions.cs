namespace Stadtkern.Features.Catalog.Access;

/// <summary>Data marketplace settings (section <c>Catalog:Access</c>).</summary>
internal sealed class AccessOptions
{
    public const string Section = "Catalog:Access";

    /// <summary>Days an audit entry is kept; older entries are deleted by a job every few hours. 0 keeps them forever.
    /// Default 730 (two years): long enough to answer for a data exchange, short enough not to keep who-used-what forever.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 36500)]
    public int AuditRetentionDays { get; set; } = 730;
}
