namespace Stadtkern.Features.Sensing.Schema;

/// <summary>One of the eight SensorThings entity sets, its table, properties and navigation properties.</summary>
/// <param name="Name">The entity set in URLs (<c>Things</c>).</param>
/// <param name="EntityName">The singular entity name (<c>Thing</c>), used by to-one navigation and <c>@iot.navigationLink</c>s.</param>
/// <param name="Table">The table; every table has a 64-bit <c>id</c> column.</param>
/// <param name="TenantOwned">True when the table has a <c>tenant_id</c> column (all but Observations, whose tenant is their Datastream's).</param>
/// <param name="Properties">The properties with their columns.</param>
/// <param name="Navigations">The navigation properties with their SQL relation.</param>
internal sealed record SensingEntitySet(
    string Name,
    string EntityName,
    string Table,
    bool TenantOwned,
    IReadOnlyList<SensingProperty> Properties,
    IReadOnlyList<SensingNavigation> Navigations)
{
    public SensingProperty? FindProperty(string name) => Properties.FirstOrDefault(p => p.Name == name);

    public SensingNavigation? FindNavigation(string name) => Navigations.FirstOrDefault(n => n.Name == name);
}
