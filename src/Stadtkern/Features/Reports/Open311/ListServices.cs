using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Reports.Open311;

/// <summary>GET services: the active report categories of the jurisdiction.</summary>
internal static class ListServices
{
    public static async Task<IResult> HandleAsync(HttpContext http, string? format, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "jurisdiction_id")] string? jurisdiction, CancellationToken cancellationToken)
    {
        if (Open311Call.ParseFormat(format) is not { } f)
        {
            return Open311Errors.UnknownFormat();
        }

        var (call, error) = await Open311Call.StartAsync(http, f, jurisdiction);
        if (call is null)
        {
            return error!;
        }

        await using (call)
        {
            var services = await call.Get<StadtkernDb>().Set<ReportService>().AsNoTracking()
                .Where(s => s.Active)
                .OrderBy(s => s.GroupName).ThenBy(s => s.Name)
                .ToListAsync(cancellationToken);
            var list = new Open311List("services", "service", [.. services.Select(ToOpen311)]);
            return new Open311Result(Open311Writer.Write(list, f), f);
        }
    }

    internal static Open311Object ToOpen311(ReportService s) => Open311Object.Of(
        ("service_code", s.Code),
        ("service_name", s.Name),
        ("description", s.Description ?? s.CategoryText),
        ("metadata", ServiceAttribute.Parse(s.Attributes).Count > 0),
        ("type", "realtime"),
        ("keywords", s.Keywords ?? ""),
        ("group", s.GroupName ?? ""));
}

/// <summary>GET services/{code}: the service definition with its attributes.</summary>
internal static class GetServiceDefinition
{
    public static async Task<IResult> HandleAsync(HttpContext http, string code, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "jurisdiction_id")] string? jurisdiction, CancellationToken cancellationToken)
    {
        var (name, format) = Open311Call.Split(code);
        if (format is not { } f)
        {
            return Open311Errors.UnknownFormat();
        }

        var (call, error) = await Open311Call.StartAsync(http, f, jurisdiction);
        if (call is null)
        {
            return error!;
        }

        await using (call)
        {
            var service = await call.Get<StadtkernDb>().Set<ReportService>().AsNoTracking()
                .FirstOrDefaultAsync(s => s.Code == name && s.Active, cancellationToken);
            if (service is null)
            {
                return Open311Errors.Result(f, 404, "service_code", $"Unknown service_code '{name}'.");
            }

            var attributes = ServiceAttribute.Parse(service.Attributes).OrderBy(a => a.Order).Select(a =>
            {
                var fields = new List<KeyValuePair<string, object?>>
                {
                    new("variable", a.Variable),
                    new("code", a.Code),
                    new("datatype", a.Datatype),
                    new("required", a.Required),
                    new("datatype_description", a.DatatypeDescription ?? DatatypeDescription(a.Datatype)),
                    new("order", a.Order),
                    new("description", a.Description),
                };
                if (a.Values is { Count: > 0 } values)
                {
                    fields.Add(new("values", new Open311List("values", "value",
                        [.. values.Select(v => Open311Object.Of(("key", v.Key), ("name", v.Name)))])));
                }

                return (object)new Open311Object(fields);
            });
            var definition = Open311Object.Of(
                ("service_code", service.Code),
                ("attributes", new Open311List("attributes", "attribute", [.. attributes])));
            return new Open311Result(Open311Writer.Write("service_definition", definition, f), f);
        }
    }

    private static string DatatypeDescription(string datatype) => datatype switch
    {
        AttributeDatatypes.Number => "Zahl (Dezimalpunkt)",
        AttributeDatatypes.Datetime => "Datum und Uhrzeit nach ISO 8601",
        AttributeDatatypes.SingleValueList => "Genau ein Schlüssel aus values",
        AttributeDatatypes.MultiValueList => "Ein oder mehrere Schlüssel aus values (attribute[code][]=…)",
        AttributeDatatypes.Text => "Längerer Text",
        _ => "Text",
    };
}
