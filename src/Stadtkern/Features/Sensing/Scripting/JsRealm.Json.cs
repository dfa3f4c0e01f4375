using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Scripting;

internal sealed partial class JsRealm
{
    private const int MaxJsonDepth = 64;

    private void SetUpJson(Scope globals)
    {
        var json = new JsObject(ObjectPrototype);
        Method(json, "stringify", (_, _, a) =>
        {
            var indent = Arg(a, 2) switch
            {
                double d => new string(' ', (int)Math.Clamp(d, 0, 10)),
                string s => s.Length > 10 ? s[..10] : s,
                _ => "",
            };
            var sb = new StringBuilder();
            return Stringify(sb, Arg(a, 0), indent, "", 0) ? S(sb.ToString()) : JsUndefined.Value;
        });
        Method(json, "parse", (_, _, a) =>
        {
            var text = JsConvert.ToString(Arg(a, 0));
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
            }
            catch (JsonException e)
            {
                throw MakeError("SyntaxError", $"Unexpected token in JSON: {e.Message}");
            }

            _i.Charge(4.0 * text.Length);
            return FromJson(node);
        });
        globals.Declare("JSON", json);
    }

    /// <summary>Appends the JSON text of a value; false when the value has none (undefined, functions).</summary>
    private bool Stringify(StringBuilder sb, object? value, string indent, string currentIndent, int depth)
    {
        _i.Step();
        if (depth > MaxJsonDepth)
        {
            throw _i.TypeError("Converting circular structure to JSON");
        }

        switch (value)
        {
            case null:
                sb.Append("null");
                return true;
            case JsUndefined or JsFunction:
                return false;
            case bool b:
                sb.Append(b ? "true" : "false");
                return true;
            case double d:
                sb.Append(double.IsFinite(d) ? JsConvert.NumberToString(d) : "null");
                return true;
            case string s:
                Quote(sb, s);
                return true;
            case JsArray array:
                {
                    if (array.Items.Count == 0)
                    {
                        sb.Append("[]");
                        return true;
                    }

                    var inner = currentIndent + indent;
                    sb.Append('[');
                    for (var k = 0; k < array.Items.Count; k++)
                    {
                        if (k > 0)
                        {
                            sb.Append(',');
                        }

                        NewLine(sb, indent, inner);
                        if (!Stringify(sb, array.Items[k], indent, inner, depth + 1))
                        {
                            sb.Append("null");
                        }
                    }

                    NewLine(sb, indent, currentIndent);
                    sb.Append(']');
                    _i.Charge(2.0 * sb.Length / Math.Max(1, depth + 1));
                    return true;
                }

            case JsObject o:
                {
                    var inner = currentIndent + indent;
                    sb.Append('{');
                    var first = true;
                    foreach (var key in o.OwnKeys())
                    {
                        var mark = sb.Length;
                        if (!first)
                        {
                            sb.Append(',');
                        }

                        NewLine(sb, indent, inner);
                        Quote(sb, key);
                        sb.Append(indent.Length > 0 ? ": " : ":");
                        if (Stringify(sb, o.Get(key), indent, inner, depth + 1))
                        {
                            first = false;
                        }
                        else
                        {
                            sb.Length = mark;
                        }
                    }

                    if (!first)
                    {
                        NewLine(sb, indent, currentIndent);
                    }

                    sb.Append('}');
                    _i.Charge(2.0 * sb.Length / Math.Max(1, depth + 1));
                    return true;
                }

            default:
                return false;
        }
    }

    private static void NewLine(StringBuilder sb, string indent, string currentIndent)
    {
        if (indent.Length > 0)
        {
            sb.Append('\n').Append(currentIndent);
        }
    }

    private static void Quote(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Converts JSON (the uplink input, JSON.parse) to JavaScript values, charging the allocation.</summary>
    public object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
                {
                    var result = _i.NewObject();
                    foreach (var (key, child) in o)
                    {
                        _i.Charge(32);
                        result.Set(key, FromJson(child));
                    }

                    return result;
                }

            case JsonArray a:
                return _i.NewArray(a.Select(FromJson).ToList());
            case JsonValue v:
                return v.GetValueKind() switch
                {
                    JsonValueKind.String => _i.NewString(v.GetValue<string>()),
                    JsonValueKind.Number => v.TryGetValue<double>(out var d) ? d : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>
    /// Converts a JavaScript value to JSON as JSON.stringify would (undefined and functions dropped from objects,
    /// non-finite numbers become null).
    /// </summary>
    public JsonNode? ToJson(object? value, int depth = 0)
    {
        _i.Step();
        if (depth > MaxJsonDepth)
        {
            throw new CodecException("The codec result is nested too deeply (or circular)", CodecFailure.Runtime);
        }

        switch (value)
        {
            case null or JsUndefined or JsFunction:
                return null;
            case bool b:
                return JsonValue.Create(b);
            case double d:
                if (!double.IsFinite(d))
                {
                    return null;
                }

                // System.Text.Json writes integral doubles without a fraction (3336, not 3336.0); -0 becomes 0 as in JSON.stringify.
                return JsonValue.Create(d == 0 ? 0.0 : d);
            case string s:
                return JsonValue.Create(s);
            case JsArray array:
                {
                    var result = new JsonArray();
                    foreach (var item in array.Items)
                    {
                        result.Add(ToJson(item, depth + 1));
                    }

                    return result;
                }

            case JsObject o:
                {
                    var result = new JsonObject();
                    foreach (var key in o.OwnKeys())
                    {
                        var property = o.Get(key);
                        if (property is JsUndefined or JsFunction)
                        {
                            continue;
                        }

                        result[key] = ToJson(property, depth + 1);
                    }

                    return result;
                }

            default:
                return null;
        }
    }
}
