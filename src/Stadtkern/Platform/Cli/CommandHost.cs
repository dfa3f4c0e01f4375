using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Platform.Cli;

/// <summary>Runs one CLI command inside the service's container, with the schema up to date.</summary>
internal static class CommandHost
{
    /// <summary>Builds the service without starting the web server, migrates, and runs <paramref name="work"/>
    /// in a scope; with <paramref name="tenantSlug"/> that tenant is the current tenant of the scope.</summary>
    public static async Task<int> RunAsync(
        string? tenantSlug,
        Func<IServiceProvider, CancellationToken, Task<int>> work,
        CancellationToken cancellationToken,
        bool migrate = true)
    {
        try
        {
            await using var app = StadtkernHost.Build([], forCommand: true);
            if (migrate)
            {
                await DatabaseInitializer.PrepareAsync(app.Services, seedDemo: false, cancellationToken);
            }

            await using var scope = app.Services.CreateAsyncScope();
            if (tenantSlug is not null)
            {
                var tenant = await app.Services.GetRequiredService<TenantDirectory>().FindAsync(tenantSlug, cancellationToken);
                if (tenant is null)
                {
                    return Fail($"Unknown tenant '{tenantSlug}'. List tenants with: tenant list");
                }

                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            }

            return await work(scope.ServiceProvider, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            return Fail(e.Message);
        }
        catch (System.Data.Common.DbException e)
        {
            return Fail($"Database error: {e.Message}");
        }
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
