using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>
/// On PostgreSQL, every instance LISTENs on <see cref="Channel"/>; each NOTIFY (sent by the "sse" channel of whichever instance
/// published) makes the local pump read the new events. The pump also reads on every (re)connect, so events published while
/// the connection was down still reach every stream.
/// </summary>
internal sealed class PostgresAlertListener(
    DatabaseTarget database,
    AlertStreamPump pump,
    TimeProvider time,
    ILogger<PostgresAlertListener> logger) : PostgresChannelListener(database, time, logger)
{
    public const string Channel = "stadtkern_alerts";

    protected override string ChannelName => Channel;

    protected override void OnListening() => pump.Signal(); // whatever was published while not listening

    protected override void OnNotification(string payload) => pump.Signal();
}
