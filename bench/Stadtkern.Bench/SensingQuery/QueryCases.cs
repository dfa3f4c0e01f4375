using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace Stadtkern.Bench.SensingQuery;

/// <summary>One measured query: the SensorThings request and the same answer from hand-written SQL.</summary>
internal sealed record QueryCase(string Name, string Description, string Sql, Load.Operation Http, Load.Operation Direct);

/// <summary>
/// The queries of issue 4, point 9 on the loaded series. Each has an HTTP side (a GET against the running service, body read
/// completely) and a SQL side: the statement an application developer would write for the same answer against the same tables,
/// run by Npgsql through a pool with the same number of clients, plus the cost of writing a minimal JSON answer of the same
/// shape (<c>@iot.id</c>, <c>@iot.selfLink</c>, <c>phenomenonTime</c>, <c>result</c>, <c>@iot.count</c>/<c>@iot.nextLink</c> where
/// the request asks for them) with <see cref="Utf8JsonWriter"/>. The SQL side does no access check (the service does).
/// </summary>
internal sealed class QueryCases(HttpClient http, NpgsqlDataSource source, SeriesShape shape, int pageSize)
{
    private const string Root = "http://127.0.0.1/v1.1/";

    /// <summary>Where the large <c>$skip</c> starts: 80% into a datastream's series.</summary>
    public int LargeSkip => Math.Max(0, shape.Steps * 4 / 5 - pageSize);

    public List<QueryCase> All(int clients)
    {
        var chains = new Chain?[clients];
        return
        [
            new("latest", "latest value of a datastream: `Datastreams(n)/Observations?$top=1&$orderby=phenomenonTime desc`",
                "SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 ORDER BY phenomenon_time_start DESC LIMIT 1",
                (c, s, ct) => Get($"Datastreams({Stream(s)})/Observations?$top=1&$orderby=phenomenonTime%20desc", ct),
                async (c, s, ct) =>
                {
                    var rows = await Rows("SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 ORDER BY phenomenon_time_start DESC LIMIT 1", ct, Stream(s));
                    return Write(rows, null, null);
                }),
            new("window-24h", "24 h window of a datastream, oldest first, all in one page: `$filter=phenomenonTime ge T and phenomenonTime lt T+24h&$orderby=phenomenonTime&$top=1000`",
                "SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 AND phenomenon_time_start >= $2 AND phenomenon_time_start < $3 ORDER BY phenomenon_time_start LIMIT 1001",
                (c, s, ct) =>
                {
                    var from = Day(s);
                    return Get($"Datastreams({Stream(s)})/Observations?$filter=phenomenonTime%20ge%20{Iso(from)}%20and%20phenomenonTime%20lt%20{Iso(from.AddDays(1))}&$orderby=phenomenonTime&$top=1000", ct);
                },
                async (c, s, ct) =>
                {
                    var from = Day(s);
                    var rows = await Rows("SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 AND phenomenon_time_start >= $2 AND phenomenon_time_start < $3 ORDER BY phenomenon_time_start LIMIT 1001", ct, Stream(s), from, from.AddDays(1));
                    return Write(rows, null, null);
                }),
            new("count-datastream", "`$count=true` on one datastream's Observations: `Datastreams(n)/Observations?$count=true&$top=1&$orderby=phenomenonTime desc`",
                "SELECT count(*) FROM sensing_observations WHERE datastream_id = $1; then the latest-value statement",
                (c, s, ct) => Get($"Datastreams({Stream(s)})/Observations?$count=true&$top=1&$orderby=phenomenonTime%20desc", ct),
                async (c, s, ct) =>
                {
                    var count = await Count("SELECT count(*) FROM sensing_observations WHERE datastream_id = $1", ct, Stream(s));
                    var rows = await Rows("SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 ORDER BY phenomenon_time_start DESC LIMIT 1", ct, Stream(s));
                    return Write(rows, count, null);
                }),
            new("count-all", "`$count=true` on all Observations: `Observations?$count=true&$top=1`",
                "SELECT count(*) FROM sensing_observations; then SELECT … ORDER BY id LIMIT 2",
                (c, s, ct) => Get("Observations?$count=true&$top=1", ct),
                async (c, s, ct) =>
                {
                    var count = await Count("SELECT count(*) FROM sensing_observations", ct);
                    var rows = await Rows("SELECT id, phenomenon_time_start, result_number FROM sensing_observations ORDER BY id LIMIT 2", ct);
                    return Write(rows.Take(1).ToList(), count, rows.Count > 1 ? "Observations?$top=1&$skip=1" : null);
                }),
            new("nextlink", $"deep paging: each client follows `@iot.nextLink` through a whole datastream, {pageSize} per page (`Datastreams(n)/Observations?$top={pageSize}`, then the links); every page is one sample",
                $"SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 AND id > $2 ORDER BY id LIMIT {pageSize + 1} (keyset on the last id)",
                async (c, s, ct) =>
                {
                    var chain = chains[c] ??= new Chain(Stream(s), null, 0);
                    var url = chain.Next ?? $"Datastreams({chain.Stream})/Observations?$top={pageSize.ToString(CultureInfo.InvariantCulture)}";
                    using var response = await http.GetAsync(url, ct);
                    response.EnsureSuccessStatusCode();
                    using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
                    var next = body.RootElement.TryGetProperty("@iot.nextLink", out var link) ? link.GetString() : null;
                    chains[c] = next is null ? null : chain with { Next = next, Pages = chain.Pages + 1 };
                    return "page";
                },
                async (c, s, ct) =>
                {
                    var chain = chains[c] ??= new Chain(Stream(s), null, 0);
                    var after = chain.After ?? 0;
                    var rows = await Rows($"SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 AND id > $2 ORDER BY id LIMIT {pageSize + 1}", ct, chain.Stream, after);
                    var more = rows.Count > pageSize;
                    var page = rows.Take(pageSize).ToList();
                    Write(page, null, more ? $"Datastreams({chain.Stream})/Observations?$top={pageSize}&$skiptoken={page[^1].Id}" : null);
                    chains[c] = more ? chain with { After = page[^1].Id, Pages = chain.Pages + 1 } : null;
                    return "page";
                }),
            new("skip-large", $"large `$skip`: `Datastreams(n)/Observations?$skip={LargeSkip}&$top={pageSize}` (80% into the series)",
                $"SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 ORDER BY id OFFSET {LargeSkip} LIMIT {pageSize + 1}",
                (c, s, ct) => Get($"Datastreams({Stream(s)})/Observations?$skip={LargeSkip.ToString(CultureInfo.InvariantCulture)}&$top={pageSize.ToString(CultureInfo.InvariantCulture)}", ct),
                async (c, s, ct) =>
                {
                    var rows = await Rows($"SELECT id, phenomenon_time_start, result_number FROM sensing_observations WHERE datastream_id = $1 ORDER BY id OFFSET {LargeSkip} LIMIT {pageSize + 1}", ct, Stream(s));
                    return Write(rows.Take(pageSize).ToList(), null, rows.Count > pageSize ? "next" : null);
                }),
        ];
    }

    /// <summary>A client's walk through one datastream (each call of <see cref="All"/> starts them afresh).</summary>
    private sealed record Chain(long Stream, string? Next, int Pages, long? After = null);

    private long Stream(long sequence) => shape.Streams[(int)((sequence * 7919) % shape.Streams.Count)];

    /// <summary>A day inside the series, chosen from the request sequence.</summary>
    private DateTimeOffset Day(long sequence)
    {
        var days = Math.Max(1, (int)((shape.End - SeriesShape.Start).TotalDays));
        return SeriesShape.Start.AddDays((sequence * 31) % days).AddHours(sequence % 24);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A GET whose body is read completely, into a pooled buffer: buffered by <see cref="HttpClient"/> instead, a 95 KB window
    /// was two or three large-object-heap arrays per request in the bench itself, and its garbage collections were measured
    /// as the service's latency.
    /// </summary>
    private async Task<string> Get(string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                length += read;
            }

            if (response.Content.Headers.ContentLength is { } expected && expected != length)
            {
                throw new InvalidOperationException($"{url}: {length} of {expected} bytes.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return "get";
    }

    private sealed record Row(long Id, DateTime Time, double? Result);

    private async Task<List<Row>> Rows(string sql, CancellationToken ct, params object[] values)
    {
        await using var command = source.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var rows = new List<Row>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetDateTime(1), reader.IsDBNull(2) ? null : reader.GetDouble(2)));
        }

        return rows;
    }

    private async Task<long> Count(string sql, CancellationToken ct, params object[] values)
    {
        await using var command = source.CreateCommand(sql);
        command.CommandTimeout = 120;
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The minimal JSON answer of the same shape, written and discarded.</summary>
    private static string Write(List<Row> rows, long? count, string? next)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (count is { } n)
            {
                json.WriteNumber("@iot.count", n);
            }

            json.WriteStartArray("value");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteNumber("@iot.id", row.Id);
                json.WriteString("@iot.selfLink", Root + "Observations(" + row.Id.ToString(CultureInfo.InvariantCulture) + ")");
                json.WriteString("phenomenonTime", row.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                if (row.Result is { } r)
                {
                    json.WriteNumber("result", r);
                }
                else
                {
                    json.WriteNull("result");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (next is not null)
            {
                json.WriteString("@iot.nextLink", Root + next);
            }

            json.WriteEndObject();
        }

        return "sql";
    }
}
