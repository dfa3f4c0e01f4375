using Microsoft.Extensions.Options;
using Stadtkern.Features.Tenants;
using Stadtkern.Platform.Accounts;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Platform.Demo;

/// <summary>
/// Seeds "Musterstadt", the demo city: the tenant itself, then every feature's <see cref="IDemoContent"/>.
/// Idempotent: running it again adds only what is missing.
/// </summary>
internal sealed partial class DemoSeeder(
    IServiceScopeFactory scopes,
    IOptions<DemoOptions> options,
    ILogger<DemoSeeder> logger)
{
    public const string Slug = "demo";

    public static TenantRequest City { get; } = new(
        Slug,
        "Musterstadt",
        // Keys of Konstanz: the demo's real data (citizen reports) come from there.
        "083350043043",
        "08335043",
        new ContactDto("Bürgerservice Musterstadt", "buergerservice@musterstadt.example", "+49 7531 900-0", "https://musterstadt.example"),
        new BrandingDto(null, "#005a8c", "Die digitale Stadt: offene Daten, Sensoren, Meldungen und Warnungen an einem Ort."),
        [.. ModuleList.All.Select(m => m.Key())],
        [
            new DepartmentDto("tiefbau", "Tiefbauamt", "tiefbau@musterstadt.example"),
            new DepartmentDto("gruen", "Amt für Grünflächen und Umwelt", "gruen@musterstadt.example"),
            new DepartmentDto("ordnung", "Bürgeramt und Ordnungsdienst", "ordnung@musterstadt.example"),
            new DepartmentDto("entsorgung", "Entsorgungsbetriebe", "entsorgung@musterstadt.example"),
            new DepartmentDto("stadtwerke", "Stadtwerke", "stadtwerke@musterstadt.example"),
            new DepartmentDto("it", "Amt für Digitalisierung und IT", "it@musterstadt.example"),
        ]);

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        TenantInfo tenant;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<TenantStore>();
            var existing = await store.FindAsync(Slug, cancellationToken);
            if (existing is null)
            {
                var created = await store.CreateAsync(City, cancellationToken);
                existing = created.Tenant ?? throw new InvalidOperationException(
                    "The demo city could not be created: " + string.Join("; ", created.Errors.SelectMany(e => e.Value)));
                LogSeeded(logger, City.Name!, Slug);
            }

            tenant = TenantInfo.From(existing, isDefault: true);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(tenant);
            if (options.Value.AdminPassword is { Length: > 0 } password)
            {
                var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
                var outcome = await accounts.EnsureUserAsync(options.Value.AdminEmail, password, "Demo-Admin", Roles.Admin, cancellationToken);
                if (!outcome.Succeeded)
                {
                    throw new InvalidOperationException(
                        "Demo:AdminPassword was rejected: " + string.Join(" ", outcome.Errors.Select(e => e.Description)));
                }
            }

            foreach (var content in scope.ServiceProvider.GetServices<IDemoContent>())
            {
                await content.SeedAsync(cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded the demo city {Name} at /t/{Slug}/")]
    private static partial void LogSeeded(ILogger logger, string name, string slug);
}
