namespace Stadtkern.Features.Catalog.Access;

internal enum MarketStatus
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>The outcome of a marketplace operation: a value, errors by field, not found, or a conflict with a message.</summary>
internal sealed record MarketResult<T>(MarketStatus Status, T? Value, IReadOnlyDictionary<string, string[]> Errors, string? Message)
    where T : class
{
    private static readonly Dictionary<string, string[]> None = [];

    public static MarketResult<T> Ok(T value) => new(MarketStatus.Ok, value, None, null);

    public static MarketResult<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(MarketStatus.Invalid, null, errors, null);

    public static MarketResult<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static MarketResult<T> Missing { get; } = new(MarketStatus.NotFound, null, None, null);

    public static MarketResult<T> Conflict(string message) => new(MarketStatus.Conflict, null, None, message);
}
