using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Ingest;

/// <summary>Which of some datastream ids exist in the tenant (scoped; reads through the request's database connection).</summary>
internal sealed class DatastreamGate(StadtkernDb db)
{
    public async Task<HashSet<long>> WritableAsync(IReadOnlyList<long> ids, Guid tenantId, CancellationToken ct)
    {
        var found = new HashSet<long>();
        if (ids.Count == 0)
        {
            return found;
        }

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            foreach (var chunk in ids.Chunk(500))
            {
                await using var command = connection.CreateCommand();
                var tenant = command.CreateParameter();
                tenant.ParameterName = "@tenant";
                tenant.Value = db.Database.IsNpgsql() ? tenantId : SqliteObservationSink.TenantText(tenantId);
                command.Parameters.Add(tenant);
                var names = new List<string>();
                for (var i = 0; i < chunk.Length; i++)
                {
                    var p = command.CreateParameter();
                    p.ParameterName = "@d" + i.ToString(CultureInfo.InvariantCulture);
                    p.Value = chunk[i];
                    command.Parameters.Add(p);
                    names.Add(p.ParameterName);
                }

                command.CommandText = $"SELECT id FROM sensing_datastreams WHERE tenant_id = @tenant AND id IN ({string.Join(", ", names)})";
                await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    found.Add(reader.GetInt64(0));
                }
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        return found;
    }
}
