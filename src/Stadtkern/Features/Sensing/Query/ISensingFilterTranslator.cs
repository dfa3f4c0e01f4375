using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>
/// A SQL condition that limits the rows of <paramref name="set"/> under the alias <paramref name="alias"/> to those the caller may see
/// (or null for all rows). The <c>$filter</c> translator ANDs it into every row it reaches through a navigation path or a lambda, so a
/// filter cannot test properties of hidden entities. Values go through <paramref name="parameters"/>.
/// </summary>
internal delegate string? SensingRowGuard(SensingEntitySet set, string alias, SqlParameters parameters);

/// <summary>
/// Translates the SensorThings <c>$filter</c> and <c>$orderby</c> options into parameterised SQL for the provider of the
/// <see cref="SqlParameters"/>. Throws <see cref="SensingQueryException"/> (→ 400) for anything it cannot translate.
/// </summary>
internal interface ISensingFilterTranslator
{
    /// <summary>
    /// Returns a boolean SQL condition over the row <paramref name="alias"/> of <paramref name="set"/>'s table for the <c>$filter</c> text.
    /// </summary>
    string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters) =>
        Translate(filter, set, alias, parameters, guard: null);

    /// <summary>As <see cref="Translate(string, SensingEntitySet, string, SqlParameters)"/>, with a visibility guard for navigated rows.</summary>
    string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard);

    /// <summary>
    /// Returns the body of an ORDER BY clause (<c>expr1 DESC, expr2 ASC</c>, without the keywords) for the <c>$orderby</c> text:
    /// a comma-separated list of expressions, each optionally followed by <c>asc</c> or <c>desc</c>.
    /// </summary>
    string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters) =>
        TranslateOrderBy(orderBy, set, alias, parameters, guard: null);

    /// <summary>As <see cref="TranslateOrderBy(string, SensingEntitySet, string, SqlParameters)"/>, with a visibility guard for navigated rows.</summary>
    string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard);
}
