using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>The <c>$filter</c> hook of the query builder (scoped service; the real translator replaces the registration).</summary>
internal interface ISensingFilterTranslator
{
    /// <summary>
    /// Turns a <c>$filter</c> expression into a SQL boolean expression over the row <paramref name="alias"/> of <paramref name="set"/>'s
    /// table. Every literal goes through <paramref name="parameters"/>; the provider is <see cref="SqlParameters.Provider"/>. Paths over
    /// navigation properties (<c>Datastream/Thing/name</c>, <c>any</c>/<c>all</c>) must add <paramref name="visibility"/>'s predicate
    /// for every entity set they reach, so a filter never reveals what the caller may not see. Sub-query aliases must not collide with
    /// the caller's: derive them from <paramref name="alias"/> (e.g. <c>alias + "_f1"</c>).
    /// </summary>
    /// <exception cref="SensingQueryException">The filter is not valid (answered with 400).</exception>
    string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingVisibility visibility);
}

/// <summary>Placeholder until the <c>$filter</c> translator is merged: every filter is refused with 400.</summary>
internal sealed class UnsupportedFilterTranslator : ISensingFilterTranslator
{
    public string Translate(string filter, SensingEntitySet set, string alias, SqlParameters parameters, SensingVisibility visibility) =>
        throw new SensingQueryException("$filter is not yet supported.");
}
