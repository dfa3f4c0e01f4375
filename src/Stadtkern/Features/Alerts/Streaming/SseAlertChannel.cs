using System.Globalization;
using Npgsql;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Alerts.Streaming;

/// <summary>
/// The "sse" delivery channel: the event is already stored (alert_events), so delivering means telling every instance to read
/// it: <c>NOTIFY stadtkern_alerts, '{tenantId}:{seq}'</c> on PostgreSQL (every instance LISTENs, this one included), the
/// local pump directly on SQLite (one instance per database file).
/// </summary>
internal sealed class SseAlertChannel(DatabaseTarget database, AlertStreamPump pump, AlertStreamHub hub) : IAlertChannel
{
    public string Key => "sse";

    public async Task<string?> DeliverAsync(AlertDeliveryContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        pump.Signal();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            notify.Parameters.AddWithValue("channel", PostgresAlertListener.Channel);
            notify.Parameters.AddWithValue("payload", context.TenantId.ToString("D", CultureInfo.InvariantCulture) + ":" + context.EventSeq.ToString(CultureInfo.InvariantCulture));
            await notify.ExecuteNonQueryAsync(cancellationToken);
            return string.Create(CultureInfo.GetCultureInfo("de-DE"), $"An alle Instanzen gemeldet; {hub.Connections:N0} Live-Verbindungen auf dieser Instanz");
        }

        return string.Create(CultureInfo.GetCultureInfo("de-DE"), $"{hub.Connections:N0} Live-Verbindungen");
    }
}
