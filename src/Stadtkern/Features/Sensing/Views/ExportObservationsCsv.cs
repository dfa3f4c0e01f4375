using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Views;

/// <summary>
/// Writes the Observations of one Datastream in a time range as CSV (RFC 4180: comma, CRLF, double quotes where needed; UTF-8
/// without BOM): <c>phenomenonTime,resultTime,result,unit</c>, instants ISO 8601 UTC, an interval as <c>start/end</c>.
/// Rows are streamed from the database to the response; nothing holds the whole range in memory.
/// </summary>
internal sealed class ExportObservationsCsv(StadtkernDb db)
{
    public const string Header = "phenomenonTime,resultTime,result,unit";

    public async Task WriteAsync(Stream output, long datastreamId, DateTimeOffset from, DateTimeOffset to, string unit, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 16 * 1024, leaveOpen: true);
        writer.NewLine = "\r\n";
        await writer.WriteLineAsync(Header.AsMemory(), cancellationToken);
        var unitField = Field(unit);
        var rows = db.Set<Observation>().AsNoTracking()
            .Where(o => o.DatastreamId == datastreamId && o.PhenomenonTimeStart >= from && o.PhenomenonTimeStart < to)
            .OrderBy(o => o.PhenomenonTimeStart).ThenBy(o => o.Id)
            .Select(o => new { o.PhenomenonTimeStart, o.PhenomenonTimeEnd, o.ResultTime, o.ResultKind, o.ResultNumber, o.ResultString, o.ResultJson })
            .AsAsyncEnumerable();
        var written = 0;
        var line = new StringBuilder();
        await foreach (var o in rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            line.Append(TimeRange.Iso(o.PhenomenonTimeStart));
            if (o.PhenomenonTimeEnd is { } end)
            {
                line.Append('/').Append(TimeRange.Iso(end));
            }

            line.Append(',');
            if (o.ResultTime is { } resultTime)
            {
                line.Append(TimeRange.Iso(resultTime));
            }

            line.Append(',').Append(Field(Result(o.ResultKind, o.ResultNumber, o.ResultString, o.ResultJson))).Append(',').Append(unitField);
            await writer.WriteLineAsync(line, cancellationToken);
            if (++written % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>The result as text: numbers round-trip in invariant culture, booleans as true/false, JSON as given.</summary>
    public static string Result(ResultKind kind, double? number, string? text, string? json) => kind switch
    {
        ResultKind.Number => number?.ToString("R", CultureInfo.InvariantCulture) ?? "",
        ResultKind.Boolean => number is { } n ? (n != 0 ? "true" : "false") : "",
        ResultKind.String => text ?? "",
        ResultKind.Json => json is null ? "" : Compact(json),
        ResultKind.Null => "",
        _ => "",
    };

    /// <summary>JSON without insignificant whitespace, so both databases export the same text (PostgreSQL's jsonb adds spaces).</summary>
    private static string Compact(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json)?.ToJsonString() ?? "null";
        }
        catch (System.Text.Json.JsonException)
        {
            return json;
        }
    }

    /// <summary>An RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
