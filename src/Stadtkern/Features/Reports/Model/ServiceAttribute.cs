using System.Text.Json;

namespace Stadtkern.Features.Reports.Model;

/// <summary>One attribute of an Open311 service definition, as stored in <c>report_services.attributes</c>.</summary>
internal sealed record ServiceAttribute(
    string Code,
    string Datatype,
    bool Required,
    string Description,
    int Order,
    IReadOnlyList<ServiceAttributeValue>? Values = null,
    bool Variable = true,
    string? DatatypeDescription = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<ServiceAttribute> Parse(string? stored) =>
        string.IsNullOrWhiteSpace(stored) ? [] : JsonSerializer.Deserialize<List<ServiceAttribute>>(stored, Json) ?? [];

    public static string? Serialize(IReadOnlyList<ServiceAttribute> attributes) =>
        attributes.Count == 0 ? null : JsonSerializer.Serialize(attributes, Json);
}

internal sealed record ServiceAttributeValue(string Key, string Name);

/// <summary>The Open311 attribute datatypes.</summary>
internal static class AttributeDatatypes
{
    public const string String = "string";
    public const string Number = "number";
    public const string Datetime = "datetime";
    public const string Text = "text";
    public const string SingleValueList = "singlevaluelist";
    public const string MultiValueList = "multivaluelist";

    public static readonly IReadOnlyList<string> All = [String, Number, Datetime, Text, SingleValueList, MultiValueList];
}
