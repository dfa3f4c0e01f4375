using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Sensing.Ingest;
using Stadtkern.Platform.Tenancy;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Ingest;

internal static class IngestTestData
{
    public static readonly DateTimeOffset Base = new(2026, 3, 14, 9, 0, 0, TimeSpan.Zero);

    public static async Task<Guid> TenantIdAsync(this StadtkernFactory app, string slug = "demo") =>
        (await app.Services.GetRequiredService<TenantDirectory>().FindAsync(slug, CancellationToken.None))!.Id;

    public static SqlProbe Probe(this StadtkernFactory app) => new(app.Provider, app.ConnectionString);

    public static IObservationWriter Writer(this StadtkernFactory app) => app.Services.GetRequiredService<IObservationWriter>();

    public static IncomingObservation Number(long datastream, DateTimeOffset time, double value, long? foi = null, DateTimeOffset? resultTime = null) =>
        new(datastream, time, null, resultTime, JsonValue.Create(value), null, null, null, null, foi);

    public static IncomingObservation Result(long datastream, DateTimeOffset time, JsonNode? result) =>
        new(datastream, time, null, null, result, null, null, null, null, null);
}
