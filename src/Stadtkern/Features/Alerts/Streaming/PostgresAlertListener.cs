using Npgsql;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>
/// On PostgreSQL, every instance keeps one connection that LISTENs on <see cref="Channel"/>; each NOTIFY (sent by the "sse"
/// channel of whichever instance published) makes the local pump read the new events. The connection is re-opened after
/// any failure, and the pump catches up on every reconnect, so events published meanwhile still reach every stream.
/// </summary>
internal sealed partial class PostgresAlertListener(
    DatabaseTarget database,
    AlertStreamPump pump,
    TimeProvider time,
    ILogger<PostgresAlertListener> logger) : BackgroundService
{
    public const string Channel = "stadtkern_alerts";

    /// <summary>True while the LISTEN connection is open (for tests and health).</summary>
    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            KeepAlive = 15, // detect a dead connection although no notification arrives
            Pooling = false,
            ApplicationName = "stadtkern-alert-listener",
        }.ToString();
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, _) => pump.Signal();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Listening = true;
                attempt = 0;
                pump.Signal(); // whatever was published while not listening
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                Listening = false;
                var delay = TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(attempt, 5)));
                LogListenFailed(logger, e.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            finally
            {
                Listening = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert stream: the LISTEN connection to PostgreSQL failed ({Reason}); retrying in {Seconds} s")]
    private static partial void LogListenFailed(ILogger logger, string reason, double seconds);
}
