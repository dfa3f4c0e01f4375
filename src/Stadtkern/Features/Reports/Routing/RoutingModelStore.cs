using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Routing.Classifier;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Routing;

/// <summary>
/// Keeps each tenant's current router in memory (singleton). Every lookup asks the database only for the model's
/// <c>trained_at</c>; the model bytes are read and deserialised again only when that changed (a new training, also
/// by the CLI in another process).
/// </summary>
internal sealed class RoutingModelStore
{
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset TrainedAt, RoutingModel Model)> models = new();

    /// <summary>The current tenant's model, or null when it has none.</summary>
    public async Task<RoutingModel?> GetAsync(StadtkernDb db, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var trainedAt = await db.Set<StoredRoutingModel>().AsNoTracking()
            .Select(m => (DateTimeOffset?)m.TrainedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (trainedAt is null)
        {
            models.TryRemove(tenantId, out _);
            return null;
        }

        if (models.TryGetValue(tenantId, out var cached) && cached.TrainedAt == trainedAt)
        {
            return cached.Model;
        }

        var stored = await db.Set<StoredRoutingModel>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var model = RoutingModel.Deserialize(stored.Model);
        models[tenantId] = (stored.TrainedAt, model);
        return model;
    }

    /// <summary>Remembers a model just saved, so the next request does not read it back.</summary>
    public void Put(Guid tenantId, DateTimeOffset trainedAt, RoutingModel model) => models[tenantId] = (trainedAt, model);
}
