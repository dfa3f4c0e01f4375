using Npgsql;

namespace Stadtkern.Platform.Persistence;

/// <summary>
/// On PostgreSQL, one connection per instance that LISTENs on <see cref="ChannelName"/> and hands each notification to
/// <see cref="OnNotification"/>. The connection is re-opened after any failure, with backoff. A connection that stays silent for
/// <see cref="ProbeInterval"/> is asked a <c>SELECT 1</c>, so a dead one is noticed within about twice that time even when no
/// notification would have arrived. <see cref="OnListening"/> and <see cref="OnLost"/> bracket every period of listening:
/// notifications sent outside such a period are lost, and subclasses catch up or distrust what they hold.
/// On SQLite nothing runs.
/// </summary>
internal abstract partial class PostgresChannelListener(DatabaseTarget database, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>How long the connection may be silent before a round trip checks that it still lives.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(5);

    /// <summary>True while the LISTEN connection is open (for tests and health).</summary>
    public bool Listening { get; private set; }

    /// <summary>How many times the connection has started listening (for tests: a reconnect raises it).</summary>
    public int Periods { get; private set; }

    /// <summary>The channel name (an SQL identifier, never user input).</summary>
    protected abstract string ChannelName { get; }

    /// <summary>Called once the LISTEN is in place, after every (re)connect, before any notification of the period.</summary>
    protected virtual void OnListening()
    {
    }

    /// <summary>Called for each notification, on the listener's connection thread: keep it short.</summary>
    protected abstract void OnNotification(string payload);

    /// <summary>Called when a period of listening ends (failure or shutdown).</summary>
    protected virtual void OnLost()
    {
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            KeepAlive = 15, // the operating system notices a dead peer too
            Pooling = false,
            ApplicationName = "stadtkern-listen-" + ChannelName,
        }.ToString();
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("LISTEN " + ChannelName, connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Listening = true;
                Periods++;
                attempt = 0;
                OnListening();
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(ProbeInterval, stoppingToken))
                    {
                        await using var probe = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = (int)Math.Ceiling(ProbeInterval.TotalSeconds) };
                        await probe.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
            {
                EndPeriod();
                var delay = TimeSpan.FromSeconds(Math.Min(30, 1 << Math.Min(attempt, 5)));
                LogListenFailed(logger, ChannelName, e.Message, delay.TotalSeconds);
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
                EndPeriod();
            }
        }
    }

    private void EndPeriod()
    {
        if (Listening)
        {
            Listening = false;
            OnLost();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LISTEN {Channel}: the connection to PostgreSQL failed ({Reason}); retrying in {Seconds} s")]
    private static partial void LogListenFailed(ILogger logger, string channel, string reason, double seconds);
}
