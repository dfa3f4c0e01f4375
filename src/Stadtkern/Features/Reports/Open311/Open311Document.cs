using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Stadtkern.Features.Reports.Open311;

/// <summary>
/// An Open311 response as a small tree, written as JSON or as XML with the GeoReport v2 element names. Field order is kept.
/// Values are strings, numbers, booleans, instants, null, or nested <see cref="Open311List"/>s.
/// </summary>
internal sealed record Open311Object(IReadOnlyList<KeyValuePair<string, object?>> Fields)
{
    public static Open311Object Of(params (string Name, object? Value)[] fields) =>
        new([.. fields.Select(f => new KeyValuePair<string, object?>(f.Name, f.Value))]);
}

/// <summary>A list: a JSON array; in XML an element <see cref="Name"/> holding one <see cref="ItemName"/> element per item.</summary>
internal sealed record Open311List(string Name, string ItemName, IReadOnlyList<object> Items);

internal enum Open311Format
{
    Json,
    Xml,
}

internal static class Open311Writer
{
    private static readonly TimeZoneInfo Berlin = FindBerlin();

    public static string ContentType(Open311Format format) => format switch
    {
        Open311Format.Json => "application/json; charset=utf-8",
        Open311Format.Xml => "text/xml; charset=utf-8",
    };

    /// <summary>A top-level list (services, service_requests, errors): a JSON array, or the XML list element.</summary>
    public static byte[] Write(Open311List list, Open311Format format) => format switch
    {
        Open311Format.Json => Json(w => WriteJsonValue(w, list)),
        Open311Format.Xml => Xml(w => WriteXmlValue(w, list.Name, list)),
    };

    /// <summary>A top-level object (service_definition): a JSON object, or an XML element named <paramref name="rootName"/>.</summary>
    public static byte[] Write(string rootName, Open311Object value, Open311Format format) => format switch
    {
        Open311Format.Json => Json(w => WriteJsonValue(w, value)),
        Open311Format.Xml => Xml(w => WriteXmlValue(w, rootName, value)),
    };

    /// <summary>ISO 8601 with the offset of German local time, as the spec's examples show.</summary>
    public static string Time(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, Berlin).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case DateTimeOffset t:
                writer.WriteStringValue(Time(t));
                break;
            case Open311List list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteJsonValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            case Open311Object obj:
                writer.WriteStartObject();
                foreach (var (name, fieldValue) in obj.Fields)
                {
                    writer.WritePropertyName(name);
                    WriteJsonValue(writer, fieldValue);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"No Open311 mapping for {value.GetType().Name}.");
        }
    }

    private static byte[] Xml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteXmlValue(XmlWriter writer, string name, object? value)
    {
        writer.WriteStartElement(name);
        switch (value)
        {
            case null:
                break;
            case Open311List list:
                foreach (var item in list.Items)
                {
                    WriteXmlValue(writer, list.ItemName, item);
                }

                break;
            case Open311Object obj:
                foreach (var (field, fieldValue) in obj.Fields)
                {
                    WriteXmlValue(writer, field, fieldValue);
                }

                break;
            default:
                writer.WriteString(Text(value));
                break;
        }

        writer.WriteEndElement();
    }

    private static string Text(object value) => value switch
    {
        string s => XmlSafe(s),
        bool b => b ? "true" : "false",
        DateTimeOffset t => Time(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>XML 1.0 cannot carry most control characters at all; they are dropped rather than failing the response.</summary>
    private static string XmlSafe(string s) =>
        s.Any(c => !XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c)) ? new string([.. s.Where(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))]) : s;

    private static TimeZoneInfo FindBerlin()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

/// <summary>An Open311 body with its status code and content type.</summary>
internal sealed class Open311Result(byte[] body, Open311Format format, int status = StatusCodes.Status200OK) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = Open311Writer.ContentType(format);
        httpContext.Response.ContentLength = body.Length;
        return httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
