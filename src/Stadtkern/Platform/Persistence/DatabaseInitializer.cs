using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Demo;

namespace Stadtkern.Platform.Persistence;

/// <summary>
/// Brings the database up to date before the server accepts requests (hosted services'
/// <c>StartingAsync</c> runs before Kestrel starts listening), and seeds the demo city into an empty one.
/// </summary>
internal sealed partial class DatabaseInitializer(
    IServiceProvider services,
    IOptions<DatabaseOptions> options,
    IOptions<DemoOptions> demo) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            await PrepareAsync(services, demo.Value.SeedOnFirstStart, cancellationToken);
        }
    }

    /// <summary>Migrates the schema and, when <paramref name="seedDemo"/> and no tenant exists yet, seeds the demo city.</summary>
    public static async Task PrepareAsync(IServiceProvider services, bool seedDemo, CancellationToken cancellationToken)
    {
        var target = services.GetRequiredService<DatabaseTarget>();
        var logger = services.GetRequiredService<ILogger<DatabaseInitializer>>();
        LogDataLocation(logger, target.Describe());

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        await scope.ServiceProvider.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken: cancellationToken);

        if (seedDemo && !await db.Tenants.AnyAsync(cancellationToken))
        {
            await services.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Data lives in {Location}")]
    private static partial void LogDataLocation(ILogger logger, string location);
}
