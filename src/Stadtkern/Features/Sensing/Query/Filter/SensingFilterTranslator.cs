using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>
/// A SQL condition that limits the rows of <paramref name="set"/> under the alias <paramref name="alias"/> to those the caller may see
/// (or null for all rows). The translator ANDs it into every row it reaches through a navigation path or a lambda, so a filter cannot
/// test properties of hidden entities. <see cref="SensingVisibility.Predicate"/> is one.
/// </summary>
internal delegate string? SensingRowGuard(SensingEntitySet set, string alias, SqlParameters parameters);

/// <summary>
/// <c>$orderby</c> by any expression of the filter language (<c>result desc</c>, <c>geo.distance(location, geography'POINT(...)')</c>,
/// <c>Datastream/Thing/name</c>): the body of an ORDER BY clause (<c>expr1 DESC, expr2 ASC</c>, without the keywords).
/// </summary>
internal interface ISensingOrderByTranslator
{
    /// <exception cref="SensingQueryException">The option is not valid (answered with 400).</exception>
    string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters, SensingVisibility visibility);
}

/// <summary>
/// Parses <c>$filter</c>/<c>$orderby</c> and translates them into parameterised SQL (see docs/sensing/filter.md). Stateless and
/// thread-safe: registered as a singleton by <see cref="SensingFilterSetup.AddSensingFilter"/>.
/// </summary>
internal sealed class SensingFilterTranslator(TimeProvider time) : ISensingFilterTranslator, ISensingOrderByTranslator
{
    public string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingVisibility visibility)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return Translate(filter, set, alias, parameters, visibility.Predicate);
    }

    public string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters, SensingVisibility visibility)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        return TranslateOrderBy(orderBy, set, alias, parameters, visibility.Predicate);
    }

    /// <summary>The <c>$filter</c> translation with any row guard (null: none, for trusted callers and tests).</summary>
    public string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var node = FilterParser.ParseFilter(filter);
        return new FilterSqlBuilder(set, alias, parameters, guard, time.GetUtcNow()).Condition(node);
    }

    /// <summary>The <c>$orderby</c> translation with any row guard (null: none, for trusted callers and tests).</summary>
    public string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        var items = FilterParser.ParseOrderBy(orderBy);
        return new FilterSqlBuilder(set, alias, parameters, guard, time.GetUtcNow()).OrderBy(items);
    }
}

internal static class SensingFilterSetup
{
    /// <summary>Registers the translator for <see cref="ISensingFilterTranslator"/> (replacing the placeholder) and <see cref="ISensingOrderByTranslator"/>.</summary>
    public static IServiceCollection AddSensingFilter(this IServiceCollection services)
    {
        services.TryAddSingleton<SensingFilterTranslator>();
        services.RemoveAll<ISensingFilterTranslator>();
        services.AddSingleton<ISensingFilterTranslator>(sp => sp.GetRequiredService<SensingFilterTranslator>());
        services.AddSingleton<ISensingOrderByTranslator>(sp => sp.GetRequiredService<SensingFilterTranslator>());
        // The SQLite side of the translation needs its stk_* functions on every connection EF opens (a no-op for PostgreSQL).
        services.ConfigureDbContext<StadtkernDb>(options => options.AddInterceptors(SensingSqliteFunctions.Interceptor));
        return services;
    }
}
