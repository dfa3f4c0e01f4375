namespace Stadtkern.Platform.Persistence;

/// <summary>
/// Marks an entity that belongs to one tenant. <see cref="StadtkernDb"/> filters every query on such
/// entities to the current tenant and stamps the tenant on insert, so handlers never repeat it.
/// </summary>
internal interface ITenantOwned
{
    Guid TenantId { get; set; }
}
