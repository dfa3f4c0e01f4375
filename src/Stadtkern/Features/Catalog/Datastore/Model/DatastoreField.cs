namespace Stadtkern.Features.Catalog.Datastore.Model;

/// <summary>
/// One column of a datastore table: its SQL-safe id, type, the header it came from (label) and, for numbers
/// read from files, whether the file writes decimal commas (<c>1.234,56</c>).
/// </summary>
internal sealed record DatastoreField(string Id, DatastoreType Type, string? Label = null, bool? DecimalComma = null);

/// <summary>A table's schema: its fields in order and the primary key (field ids, possibly empty).</summary>
internal sealed record DatastoreSchema(IReadOnlyList<DatastoreField> Fields, IReadOnlyList<string> PrimaryKey)
{
    public DatastoreField? Find(string id) => Fields.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.Ordinal));
}
