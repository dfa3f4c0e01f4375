using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>
/// The JSON of the entities one request reads, written straight from the data reader into one pooled buffer: <c>@iot.id</c>,
/// <c>@iot.selfLink</c>, the selected properties (<see cref="ColumnPlan.Write"/>) and the navigation links. A row becomes a
/// <see cref="JsonObject"/> only when something must change or read it (an expansion, <c>dataArray</c>, a single property, an
/// MQTT notification); a page of a few hundred Observations otherwise goes to the answer as the bytes written here. Building a
/// <see cref="JsonObject"/> with its values and link strings for every row was most of the service's work for a 24 h window.
/// </summary>
/// <remarks>The rows (and the answers that hold them unparsed) are valid until this object is disposed: the end of the request's scope.</remarks>
internal sealed class EntityRows : IDisposable
{
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("@iot.id");
    private static readonly JsonEncodedText SelfLinkName = JsonEncodedText.Encode("@iot.selfLink");
    private static readonly int LongestNavigation = SensingSchema.Sets.Values.SelectMany(s => s.Navigations).Max(n => n.Name.Length);

    private readonly JsonAnswer.PooledBuffer buffer = new();
    private readonly Utf8JsonWriter json;
    private char[] link = ArrayPool<char>.Shared.Rent(256);

    public EntityRows() => json = new Utf8JsonWriter(buffer);

    /// <summary>Writes the entity in the reader's current row (id in column 0) and returns it as a row of this request.</summary>
    public Row Write(DbDataReader reader, ColumnPlan plan, QueryOptions query, SensingLinks links, DatabaseProvider provider)
    {
        var id = reader.GetInt64(0);
        var set = plan.Set;
        var start = buffer.Length;
        json.Reset();
        json.WriteStartObject();

        // The self link is written once into a reusable buffer; each navigation link is the self link plus "/Name".
        var self = SelfLink(links.Root, set.Name, id);
        if (query.Selects("id"))
        {
            json.WriteNumber(IdName, id);
            json.WriteString(SelfLinkName, link.AsSpan(0, self));
        }

        plan.Write(json, reader, provider);
        foreach (var navigation in set.Navigations)
        {
            if (query.Selects(navigation.Name))
            {
                link[self] = '/';
                navigation.Name.CopyTo(link.AsSpan(self + 1));
                json.WriteString(ColumnPlan.NavigationLinkName(navigation.Name), link.AsSpan(0, self + 1 + navigation.Name.Length));
            }
        }

        json.WriteEndObject();
        json.Flush();
        return new Row(this, id, start, buffer.Length - start);
    }

    public void Dispose()
    {
        json.Dispose();
        buffer.Dispose();
        ArrayPool<char>.Shared.Return(link);
        link = [];
    }

    /// <summary>A JSON node of the rows, written as they are when the answer is written: an array, or the one row.</summary>
    public static JsonNode Node(IReadOnlyList<Row> rows, bool array) => JsonValue.Create(new RowsValue(rows, array), RowsValue.TypeInfo)!;

    private ReadOnlySpan<byte> Bytes(int start, int length) => buffer.Written.Span.Slice(start, length);

    /// <summary>Writes <c>{root}/{set}({id})</c> into <see cref="link"/> (with room for a navigation after it); returns its length.</summary>
    private int SelfLink(string root, string set, long id)
    {
        var needed = root.Length + set.Length + 24 + 1 + LongestNavigation;
        if (link.Length < needed)
        {
            ArrayPool<char>.Shared.Return(link);
            link = ArrayPool<char>.Shared.Rent(needed);
        }

        var span = link.AsSpan();
        root.CopyTo(span);
        var at = root.Length;
        span[at++] = '/';
        set.CopyTo(span[at..]);
        at += set.Length;
        span[at++] = '(';
        id.TryFormat(span[at..], out var digits, provider: CultureInfo.InvariantCulture);
        at += digits;
        span[at++] = ')';
        return at;
    }

    /// <summary>One entity read by this request: its id, what the query needed beside it, and its JSON.</summary>
    internal sealed class Row(EntityRows owner, long id, int start, int length)
    {
        private JsonObject? parsed;

        public long Id { get; } = id;

        /// <summary>The extra column's value (<c>datastream_id</c> for <c>dataArray</c>).</summary>
        public long? Extra { get; set; }

        /// <summary>For an expanded row: the id of the entity it belongs to.</summary>
        public long? Parent { get; set; }

        /// <summary>For an expanded row: the count of its parent's related rows (when <c>$count</c> asks for it).</summary>
        public long Total { get; set; }

        /// <summary>UTC ticks of the phenomenon time, for keyset pages ordered by it.</summary>
        public long Ticks { get; set; }

        /// <summary>The row as a JSON object that may be changed; once asked for, it is what the answer writes.</summary>
        public JsonObject Json => parsed ??= JsonNode.Parse(owner.Bytes(start, length))!.AsObject();

        public void WriteTo(Utf8JsonWriter writer)
        {
            if (parsed is not null)
            {
                parsed.WriteTo(writer);
            }
            else
            {
                writer.WriteRawValue(owner.Bytes(start, length), skipInputValidation: true);
            }
        }
    }

    /// <summary>Rows inside a <see cref="JsonNode"/> tree, written by <see cref="RowsConverter"/>.</summary>
    private sealed record RowsValue(IReadOnlyList<Row> Rows, bool IsArray)
    {
        public static readonly JsonTypeInfo<RowsValue> TypeInfo = (JsonTypeInfo<RowsValue>)new JsonSerializerOptions
        {
            Converters = { new RowsConverter() },
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        }.GetTypeInfo(typeof(RowsValue));
    }

    private sealed class RowsConverter : JsonConverter<RowsValue>
    {
        public override RowsValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Rows are only written.");

        public override void Write(Utf8JsonWriter writer, RowsValue value, JsonSerializerOptions options)
        {
            if (!value.IsArray)
            {
                value.Rows[0].WriteTo(writer);
                return;
            }

            writer.WriteStartArray();
            foreach (var row in value.Rows)
            {
                row.WriteTo(writer);
            }

            writer.WriteEndArray();
        }
    }
}
