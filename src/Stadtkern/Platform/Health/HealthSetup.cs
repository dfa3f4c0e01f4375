using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Platform.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers too; a configured MQTT broker that
/// is unreachable makes it Degraded (still 200), never Unhealthy.
/// </summary>
internal static class HealthSetup
{
    private const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Ready])
            .AddCheck<MqttHealthCheck>("mqtt", failureStatus: HealthStatus.Degraded, tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithName("HealthLive").WithSummary("The process is running.").WithTags("Platform");
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) })
            .WithName("HealthReady").WithSummary("The service can serve requests (database reachable).").WithTags("Platform");
        return endpoints;
    }

    private sealed class DatabaseHealthCheck(StadtkernDb db, DatabaseTarget target) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                return HealthCheckResult.Healthy(target.Provider.ToString());
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy($"{target.Provider} is not reachable.", e);
            }
        }
    }
}
