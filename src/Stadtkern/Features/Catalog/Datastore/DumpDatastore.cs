using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stadtkern.Features.Catalog.Access;
using Stadtkern.Features.Catalog.Ckan;
using Stadtkern.Features.Catalog.Datastore.Actions;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Datastore.Sql;

namespace Stadtkern.Features.Catalog.Datastore;

/// <summary>
/// <c>GET /datastore/dump/{resourceId}?format=csv|json|geojson</c> (CKAN's dump URL): the whole table,
/// streamed row by row from the database to the client.
/// </summary>
internal static class DumpDatastore
{
    public static IEndpointRouteBuilder MapDumpDatastore(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/datastore/dump/{resourceId}", DumpAsync)
            .WithName("DumpDatastore")
            .WithSummary("Downloads a datastore table as CSV, JSON or GeoJSON (streamed).")
            .WithTags("Catalog");
        return endpoints;
    }

    private static async Task<IResult> DumpAsync(
        string resourceId, string? format, HttpContext http, DatastoreAccess access, QueryDatastore query, CancellationToken cancellationToken)
    {
        format = (format ?? "csv").ToLowerInvariant();
        if (format is not ("csv" or "json" or "geojson"))
        {
            return TypedResults.Problem("format: erlaubt sind csv, json und geojson.", statusCode: StatusCodes.Status400BadRequest);
        }

        DatastoreTable table;
        try
        {
            table = (await access.ReadableAsync(resourceId, CatalogCaller.From(http.User), cancellationToken)).RequiredTable;
        }
        catch (CkanException e)
        {
            return TypedResults.Problem(e.Message, statusCode: e.Status);
        }

        var schema = table.Schema;
        var columns = DatastoreRequest.AllColumns(schema).ToList();
        var geometry = columns.FindIndex(c => c.Type == DatastoreType.Geometry);
        if (format == "geojson" && geometry < 0)
        {
            return TypedResults.Problem("Diese Tabelle hat keine Geometriespalte; GeoJSON ist nicht möglich.", statusCode: StatusCodes.Status400BadRequest);
        }

        var sql = $"SELECT {string.Join(", ", columns.Select(c => DatastoreDatabase.Quote(c.Id)))} FROM {DatastoreDatabase.Quote(table.TableName)} ORDER BY \"_id\"";
        var rows = query.StreamAsync(new RenderedQuery(sql, [], columns), cancellationToken);
        var name = $"{table.ResourceId}.{format}";
        return format switch
        {
            "csv" => TypedResults.Stream(stream => WriteCsvAsync(stream, columns, rows, cancellationToken), "text/csv; charset=utf-8", name),
            "json" => TypedResults.Stream(stream => WriteJsonAsync(stream, columns, schema, rows, cancellationToken), "application/json", name),
            _ => TypedResults.Stream(stream => WriteGeoJsonAsync(stream, columns, geometry, rows, cancellationToken), "application/geo+json", name),
        };
    }

    private static async Task WriteCsvAsync(Stream stream, List<ResultColumn> columns, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync(DatastoreRequest.CsvLine(columns.Select(c => c.Id)) + "\r\n");
        await foreach (var row in rows)
        {
            await writer.WriteAsync(DatastoreRequest.CsvLine(row) + "\r\n");
        }
    }

    private static async Task WriteJsonAsync(Stream stream, List<ResultColumn> columns, DatastoreSchema schema, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        // JSON goes to a buffer that is copied to the response asynchronously (the serializer flushes synchronously).
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WritePropertyName("fields");
        JsonSerializer.Serialize(json, DatastoreRequest.FieldsOf(columns, schema));
        json.WriteStartArray("records");
        var count = 0;
        await foreach (var row in rows)
        {
            json.WriteStartObject();
            for (var i = 0; i < columns.Count; i++)
            {
                json.WritePropertyName(columns[i].Id);
                JsonSerializer.Serialize(json, row[i]);
            }

            json.WriteEndObject();
            if (++count % 500 == 0)
            {
                await CopyAsync(json, buffer, stream, cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await CopyAsync(json, buffer, stream, cancellationToken);
    }

    private static async Task WriteGeoJsonAsync(Stream stream, List<ResultColumn> columns, int geometry, IAsyncEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        // JSON goes to a buffer that is copied to the response asynchronously (the serializer flushes synchronously).
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        var count = 0;
        await foreach (var row in rows)
        {
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WritePropertyName("geometry");
            if (row[geometry] is JsonNode shape)
            {
                shape.WriteTo(json);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteStartObject("properties");
            for (var i = 0; i < columns.Count; i++)
            {
                if (i != geometry)
                {
                    json.WritePropertyName(columns[i].Id);
                    JsonSerializer.Serialize(json, row[i]);
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
            if (++count % 500 == 0)
            {
                await CopyAsync(json, buffer, stream, cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await CopyAsync(json, buffer, stream, cancellationToken);
    }

    private static async Task CopyAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream stream, CancellationToken cancellationToken)
    {
        json.Flush();
        await stream.WriteAsync(buffer.WrittenMemory, cancellationToken);
        buffer.ResetWrittenCount();
    }
}
