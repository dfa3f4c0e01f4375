using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>
/// Placeholder until the <c>$filter</c> translator is registered: every filter is refused with 400, and <c>$orderby</c> falls back to
/// the query builder's own ordering by plain properties.
/// </summary>
internal sealed class UnsupportedFilterTranslator : ISensingFilterTranslator
{
    public string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard) =>
        throw new SensingQueryException("$filter is not supported by this server yet.");

    public string TranslateOrderBy(string orderBy, SensingEntitySet set, string alias, SqlParameters parameters, SensingRowGuard? guard) =>
        throw new SensingQueryException("$orderby supports plain properties only on this server.");
}
