using System.Globalization;
using Stadtkern.Features.Sensing.Schema;

namespace Stadtkern.Features.Sensing.Query;

/// <summary>The orders a collection can be paged through by key (keyset) instead of by <c>$skip</c>.</summary>
internal enum KeysetOrder
{
    /// <summary>Any other <c>$orderby</c>: pages by <c>$skip</c>.</summary>
    None,

    /// <summary>No <c>$orderby</c>: by id.</summary>
    Id,

    /// <summary>Observations by <c>phenomenonTime asc</c>, then id.</summary>
    TimeAscending,

    /// <summary>Observations by <c>phenomenonTime desc</c>, then id.</summary>
    TimeDescending,
}

/// <summary>
/// The position after the last entity of a page, carried by <c>@iot.nextLink</c> as <c>$skiptoken</c> (OData's server-driven
/// paging token): the next page starts right after it by an indexed range condition instead of counting past every earlier row
/// with <c>OFFSET</c>, so the thousandth page costs what the first does. Text: <c>i{id}</c> (id order) or <c>t{UTC ticks}.{id}</c>
/// (phenomenon-time order). Only the server writes it; a changed or foreign token is refused with 400.
/// </summary>
internal sealed record PageToken(long Id, long? Ticks)
{
    public static KeysetOrder OrderOf(QueryOptions query, SensingEntitySet set)
    {
        if (query.OrderByText is null)
        {
            return KeysetOrder.Id;
        }

        return set == SensingSchema.Observations && query.OrderByProblem is null && query.OrderBy is [{ Property.Name: "phenomenonTime" } item]
            ? item.Descending ? KeysetOrder.TimeDescending : KeysetOrder.TimeAscending
            : KeysetOrder.None;
    }

    public override string ToString() => Ticks is { } ticks
        ? string.Create(CultureInfo.InvariantCulture, $"t{ticks}.{Id}")
        : string.Create(CultureInfo.InvariantCulture, $"i{Id}");

    public static PageToken Parse(string text)
    {
        static long Number(string s) => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new SensingQueryException("$skiptoken is not a token of this server; follow @iot.nextLink as given.");

        if (text.StartsWith('i'))
        {
            return new PageToken(Number(text[1..]), null);
        }

        if (text.StartsWith('t') && text.IndexOf('.', StringComparison.Ordinal) is var dot and > 1)
        {
            var ticks = Number(text[1..dot]);
            return ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new PageToken(Number(text[(dot + 1)..]), ticks)
                : throw new SensingQueryException("$skiptoken is not a token of this server; follow @iot.nextLink as given.");
        }

        throw new SensingQueryException("$skiptoken is not a token of this server; follow @iot.nextLink as given.");
    }

    /// <summary>True when the token belongs to <paramref name="order"/> (a token of another order is refused).</summary>
    public bool Fits(KeysetOrder order) => order switch
    {
        KeysetOrder.Id => Ticks is null,
        KeysetOrder.TimeAscending or KeysetOrder.TimeDescending => Ticks is not null,
        _ => false,
    };
}
