using Stadtkern.Platform.Persistence;

namespace Stadtkern.Tests.Infrastructure;

/// <summary>
/// One service per database provider for a test class, started on first use. Tests call
/// <see cref="StartAsync"/> first: it resets the data (before, never after, the test) and returns the app.
/// </summary>
public sealed class AppFixture : IAsyncLifetime
{
    private readonly Dictionary<DatabaseProvider, (TestDatabase Database, StadtkernFactory Factory)> apps = [];
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<StadtkernFactory> StartAsync(DatabaseProvider provider)
    {
        await gate.WaitAsync();
        try
        {
            if (!apps.TryGetValue(provider, out var app))
            {
                var database = await TestDatabases.CreateAsync(provider);
                app = (database, new StadtkernFactory(database));
                apps[provider] = app;
            }

            await app.Factory.ResetAsync();
            return app.Factory;
        }
        finally
        {
            gate.Release();
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var (database, factory) in apps.Values)
        {
            await factory.DisposeAsync();
            await database.DisposeAsync();
        }

        gate.Dispose();
    }
}
