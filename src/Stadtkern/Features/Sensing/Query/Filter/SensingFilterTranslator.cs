using Microsoft.Extensions.DependencyInjection.Extensions;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Query.Filter;

/// <summary>
/// Parses <c>$filter</c>/<c>$orderby</c> and translates them into parameterised SQL (see docs/sensing/filter.md). Stateless and
/// thread-safe: registered as a singleton by <see cref="SensingFilterSetup.AddSensingFilter"/>.
/// </summary>
internal sealed class SensingFilterTranslator(TimeProvider time) : ISensingFilterTranslator
{
    /// <summary>The <c>$filter</c> translation; <paramref name="guard"/> (e.g. <c>SensingVisibility.Predicate</c>) is ANDed into every navigated row (null: none, for trusted callers and tests).</summary>
    public string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var node = FilterParser.ParseFilter(filter);
        return new FilterSqlBuilder(set, alias, parameters, guard, time.GetUtcNow()).Condition(node);
    }

    /// <summary>The <c>$orderby</c> translation (body of an ORDER BY clause), with the same guard.</summary>
    public string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard)
    {
        ArgumentNullException.ThrowIfNull(orderBy);
        var items = FilterParser.ParseOrderBy(orderBy);
        return new FilterSqlBuilder(set, alias, parameters, guard, time.GetUtcNow()).OrderBy(items);
    }
}

internal static class SensingFilterSetup
{
    /// <summary>Registers the translator for <see cref="ISensingFilterTranslator"/> (replacing the placeholder).</summary>
    public static IServiceCollection AddSensingFilter(this IServiceCollection services)
    {
        services.TryAddSingleton<SensingFilterTranslator>();
        services.RemoveAll<ISensingFilterTranslator>();
        services.AddSingleton<ISensingFilterTranslator>(sp => sp.GetRequiredService<SensingFilterTranslator>());
        // The SQLite side of the translation needs its stk_* functions on every connection EF opens (a no-op for PostgreSQL).
        services.ConfigureDbContext<StadtkernDb>(options => options.AddInterceptors(SensingSqliteFunctions.Interceptor));
        return services;
    }
}
