using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Sensing.Scripting;

/// <summary>The input a codec's <c>decodeUplink(input)</c> receives.</summary>
internal sealed record CodecInput(byte[] Bytes, int FPort, DateTimeOffset RecvTime);

/// <summary>What a codec returned: the decoded fields (null when it reported errors only), its warnings and errors.</summary>
internal sealed record CodecResult(JsonObject? Data, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors);

/// <summary>
/// Runs payload codecs in the sandboxed interpreter. Parsed programs are cached by the SHA-256 of their source,
/// so a codec shared by many devices is parsed once; every run gets a fresh global environment.
/// Supports the LoRaWAN device repository's <c>decodeUplink(input)</c> and, as fallbacks, the older
/// TTN v2 <c>Decoder(bytes, port)</c> and ChirpStack v3 <c>Decode(fPort, bytes, variables)</c>.
/// </summary>
internal sealed class CodecRunner(IOptions<CodecLimits> options)
{
    private const int CacheSize = 512;
    private readonly ConcurrentDictionary<string, JsProgram> _programs = new(StringComparer.Ordinal);

    public CodecLimits Limits => options.Value;

    public JsProgram Parse(string source)
    {
        if (source.Length > Limits.MaxSourceLength)
        {
            throw new CodecException($"The codec source has {source.Length} characters; at most {Limits.MaxSourceLength} are allowed", CodecFailure.SourceTooLong);
        }

        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(source)));
        if (_programs.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var program = JsParser.ParseProgram(source);
        if (_programs.Count >= CacheSize)
        {
            _programs.Clear();
        }

        _programs[key] = program;
        return program;
    }

    public CodecResult DecodeUplink(string source, CodecInput input, CancellationToken cancellationToken)
    {
        var program = Parse(source);
        try
        {
            var interpreter = new JsInterpreter(Limits, cancellationToken);
            interpreter.RunProgram(program);
            var realm = interpreter.Realm;
            var bytes = interpreter.NewArray(input.Bytes.Select(b => (object?)(double)b).ToList());

            if (interpreter.GetGlobal("decodeUplink") is JsFunction decodeUplink)
            {
                var argument = interpreter.NewObject();
                argument.Set("bytes", bytes);
                argument.Set("fPort", (double)input.FPort);
                argument.Set("recvTime", input.RecvTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                var result = interpreter.CallGlobal(decodeUplink, argument);
                if (result is not JsObject envelope)
                {
                    throw new CodecException("decodeUplink must return an object { data, warnings, errors }", CodecFailure.Runtime);
                }

                return new CodecResult(
                    realm.ToJson(envelope.Get("data")) as JsonObject,
                    Messages(envelope.Get("warnings")),
                    Messages(envelope.Get("errors")));
            }

            var legacy = interpreter.GetGlobal("Decoder") as JsFunction;
            var chirpStack = interpreter.GetGlobal("Decode") as JsFunction;
            if (legacy is null && chirpStack is null)
            {
                throw new CodecException("The codec defines no decodeUplink(input) function", CodecFailure.MissingFunction);
            }

            var decoded = legacy is not null
                ? interpreter.CallGlobal(legacy, bytes, (double)input.FPort)
                : interpreter.CallGlobal(chirpStack, (double)input.FPort, bytes, interpreter.NewObject());
            return realm.ToJson(decoded) is JsonObject data
                ? new CodecResult(data, [], [])
                : throw new CodecException("The codec's decoder must return an object", CodecFailure.Runtime);
        }
        catch (CodecException)
        {
            throw;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InsufficientExecutionStackException
                                       or OverflowException or IndexOutOfRangeException or OutOfMemoryException or FormatException)
        {
            // A gap in the interpreter must not become a 500: the uplink is reported as undecodable.
            throw new CodecException($"The codec could not be evaluated: {e.Message}", CodecFailure.Runtime);
        }
    }

    private static List<string> Messages(object? value) => value switch
    {
        JsArray array => array.Items.Select(JsConvert.ToString).ToList(),
        JsUndefined or null => [],
        _ => [JsConvert.ToString(value)],
    };
}
