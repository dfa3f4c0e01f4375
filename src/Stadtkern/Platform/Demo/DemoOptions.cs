namespace Stadtkern.Platform.Demo;

/// <summary>Demo content settings, bound from the <c>Demo</c> section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo city "Musterstadt" when the database has no tenant yet. Default true.</summary>
    public bool SeedOnFirstStart { get; set; } = true;

    /// <summary>E-mail of the demo admin account. Default <c>admin@musterstadt.example</c>.</summary>
    public string AdminEmail { get; set; } = "admin@musterstadt.example";

    /// <summary>Password of the demo admin account. Without one, no demo account is created
    /// (so a forgotten demo never ships with a known password); create accounts with <c>user create</c>.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>Seed the demo catalog (publishers, collections, 30+ datasets) into the demo city. Default true;
    /// the integration tests switch it off and seed it where they need it.</summary>
    public bool Catalog { get; set; } = true;

    /// <summary>Seed the demo sensors (street-tree soil moisture, weather, air quality with a week of synthetic values). Default true;
    /// the integration tests switch it off.</summary>
    public bool Sensing { get; set; } = true;
}

/// <summary>Demo content of one feature, seeded into the demo tenant by <c>demo seed</c> and on first start.</summary>
internal interface IDemoContent
{
    /// <summary>Adds the content if it is not there yet. Runs with the demo tenant as current tenant.</summary>
    Task SeedAsync(CancellationToken cancellationToken);
}
