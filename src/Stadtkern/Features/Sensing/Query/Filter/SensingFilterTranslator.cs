using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>
/// Parses <c>$filter</c>/<c>$orderby</c> and translates them into parameterised SQL (see docs/sensing/filter.md). Stateless and
/// thread-safe: register as a singleton (<see cref="SensingFilterSetup.AddSensingFilter"/>).
/// </summary>
internal sealed class SensingFilterTranslator(TimeProvider time) : ISensingFilterTranslator
{
    public string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters) =>
        Translate(filter, set, alias, parameters, guard: null);

    public string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters) =>
        TranslateOrderBy(orderBy, set, alias, parameters, guard: null);

    public string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var node = FilterParser.ParseFilter(filter);
        return new FilterSqlBuilder(set, alias, parameters, guard, time.GetUtcNow()).Condition(node);
    }

    public string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        var items = FilterParser.ParseOrderBy(orderBy);
        return new FilterSqlBuilder(set, alias, parameters, guard, time.GetUtcNow()).OrderBy(items);
    }
}

internal static class SensingFilterSetup
{
    /// <summary>Registers <see cref="ISensingFilterTranslator"/>.</summary>
    public static IServiceCollection AddSensingFilter(this IServiceCollection services)
    {
        services.AddSingleton<ISensingFilterTranslator, SensingFilterTranslator>();
        return services;
    }
}
