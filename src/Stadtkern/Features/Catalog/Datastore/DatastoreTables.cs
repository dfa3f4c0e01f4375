using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>
/// The datastore tables of the current tenant: their metadata rows and the lifecycle of the physical tables
/// (create, replace after a load, drop). A resource's <c>DatastoreActive</c> flag is kept in step here, with
/// a direct update of that one column (the dataset's metadata and version are not touched).
/// </summary>
internal sealed class DatastoreTables(StadtkernDb db, DatastoreDatabase database, TimeProvider clock)
{
    public Task<DatastoreTable?> FindAsync(Guid resourceId, CancellationToken cancellationToken) =>
        db.Set<DatastoreTable>().FirstOrDefaultAsync(t => t.ResourceId == resourceId, cancellationToken);

    /// <summary>Creates an empty table (CKAN <c>datastore_create</c> on a resource without one).</summary>
    public async Task<DatastoreTable> CreateAsync(Guid resourceId, DatastoreSchema schema, CancellationToken cancellationToken)
    {
        var name = DatastoreTable.TableNameOf(resourceId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.DropTableAsync(name, cancellationToken);
        await database.CreateTableAsync(name, schema, cancellationToken);
        var table = await SaveMetadataAsync(resourceId, schema, 0, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return table;
    }

    /// <summary>Replaces the resource's table by a freshly loaded one, in one transaction: readers see the old or the new data, never half.</summary>
    public async Task<DatastoreTable> ReplaceAsync(Guid resourceId, string loadedTable, DatastoreSchema schema, CancellationToken cancellationToken)
    {
        var name = DatastoreTable.TableNameOf(resourceId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.DropTableAsync(name, cancellationToken);
        await database.RenameTableAsync(loadedTable, name, cancellationToken);
        var rows = await database.CountAsync(name, cancellationToken);
        var table = await SaveMetadataAsync(resourceId, schema, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return table;
    }

    /// <summary>Adds columns to an existing table (CKAN allows new fields on a repeated <c>datastore_create</c>).</summary>
    public async Task<DatastoreTable> ExtendAsync(DatastoreTable table, IReadOnlyList<DatastoreField> added, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var field in added)
        {
            await database.AddColumnAsync(table.TableName, field, cancellationToken);
        }

        var schema = table.Schema;
        table.Schema = schema with { Fields = [.. schema.Fields, .. added] };
        table.Modified = StoredTime.GetStoredNow(clock);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return table;
    }

    public async Task RefreshCountAsync(DatastoreTable table, CancellationToken cancellationToken)
    {
        table.RowCount = await database.CountAsync(table.TableName, cancellationToken);
        table.Modified = StoredTime.GetStoredNow(clock);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Drops the table and its metadata; the resource is no longer in the datastore.</summary>
    public async Task DeleteAsync(DatastoreTable table, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.DropTableAsync(table.TableName, cancellationToken);
        db.Remove(table);
        await db.SaveChangesAsync(cancellationToken);
        await SetDatastoreActiveAsync(table.ResourceId, false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task<int> SetDatastoreActiveAsync(Guid resourceId, bool active, CancellationToken cancellationToken) =>
        db.Set<Resource>().Where(r => r.Id == resourceId).ExecuteUpdateAsync(s => s.SetProperty(r => r.DatastoreActive, active), cancellationToken);

    private async Task<DatastoreTable> SaveMetadataAsync(Guid resourceId, DatastoreSchema schema, long rows, CancellationToken cancellationToken)
    {
        var now = StoredTime.GetStoredNow(clock);
        var table = await FindAsync(resourceId, cancellationToken);
        if (table is null)
        {
            table = new DatastoreTable { ResourceId = resourceId, TableName = DatastoreTable.TableNameOf(resourceId), Created = now };
            db.Add(table);
        }

        table.Schema = schema;
        table.RowCount = rows;
        table.Modified = now;
        await db.SaveChangesAsync(cancellationToken);
        await SetDatastoreActiveAsync(resourceId, true, cancellationToken);
        return table;
    }
}
