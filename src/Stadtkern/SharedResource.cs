namespace Stadtkern;

/// <summary>
/// Marker for the shared UI texts. Keys are the German texts themselves (German is the default
/// language); <c>Resources/SharedResource.en.resx</c> translates them to English.
/// </summary>
public sealed class SharedResource;
