namespace Stadtkern.Features.Alerts.Delivery;

/// <summary>
/// Channels that read the database themselves (the web pages and banner, the feeds, the displays' content pull): once the alert is
/// stored they already show it, so delivery succeeds at once. They exist so staff see every channel's status.
/// </summary>
internal sealed class DatabaseReadChannel(string key, string detail) : IAlertChannel
{
    public string Key => key;

    public Task<string?> DeliverAsync(AlertDeliveryContext context, CancellationToken cancellationToken) => Task.FromResult<string?>(detail);

    public static IServiceCollection AddBuiltInChannels(IServiceCollection services)
    {
        services.AddSingleton<IAlertChannel>(new DatabaseReadChannel(AlertChannels.Web, "Auf der Webseite und im Banner sichtbar"));
        services.AddSingleton<IAlertChannel>(new DatabaseReadChannel(AlertChannels.Feeds, "In Atom-, CAP- und JSON-Feed enthalten"));
        services.AddSingleton<IAlertChannel>(new DatabaseReadChannel(AlertChannels.Displays, "Stelen zeigen die Warnung beim nächsten Abruf"));
        return services;
    }
}
