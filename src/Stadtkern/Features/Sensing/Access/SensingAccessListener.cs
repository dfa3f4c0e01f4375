using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Access;

/// <summary>
/// Keeps <see cref="DatastreamAccessCache"/> honest on PostgreSQL: LISTENs on <see cref="Channel"/> (notified by the triggers of
/// migration V0018), forgets every decision on each notification, and lets the cache be used only while it listens.
/// With <see cref="SensingOptions.CacheAccess"/> off it does not start, and every read checks access in SQL.
/// </summary>
internal sealed class SensingAccessListener(
    DatabaseTarget database,
    DatastreamAccessCache cache,
    IOptions<SensingOptions> options,
    TimeProvider time,
    ILogger<SensingAccessListener> logger) : PostgresChannelListener(database, time, logger)
{
    public const string Channel = "stadtkern_sensing_access";

    protected override string ChannelName => Channel;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.CacheAccess ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override void OnListening() => cache.Enable();

    protected override void OnNotification(string payload) => cache.Invalidate();

    protected override void OnLost() => cache.Disable();
}
