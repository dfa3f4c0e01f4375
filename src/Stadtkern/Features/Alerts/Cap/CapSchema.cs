using System.Xml;
using System.Xml.Schema;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Alerts.Cap;

/// <summary>
/// Validation against the OASIS CAP 1.2 XML schema, in process (XmlSchemaSet). The schema file is not shipped with Stadtkern
/// (OASIS keeps its rights); it is read from <see cref="AlertsOptions.CapSchemaPath"/> or found in
/// <c>shared/standards/cap-1.2/</c> next to the repository. Without it <see cref="IsAvailable"/> is false and only the strict
/// reader and <see cref="CapRules"/> check messages.
/// </summary>
internal sealed partial class CapSchema
{
    private const string FileName = "CAP-v1.2.xsd";
    private readonly XmlSchemaSet? schemas;

    public CapSchema(IOptions<AlertsOptions> options, ILogger<CapSchema> logger)
    {
        Path = Locate(options.Value.CapSchemaPath);
        if (Path is null)
        {
            LogNoSchema(logger);
            return;
        }

        var set = new XmlSchemaSet { XmlResolver = null };
        using var reader = XmlReader.Create(Path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        set.Add(CapVocabulary.Namespace, reader);
        set.Compile();
        schemas = set;
    }

    public string? Path { get; }

    public bool IsAvailable => schemas is not null;

    /// <summary>Schema errors of a document (empty when valid or when no schema is available).</summary>
    public IReadOnlyList<string> Validate(string xml)
    {
        if (schemas is null)
        {
            return [];
        }

        var errors = new List<string>();
        try
        {
            var document = CapXml.Load(xml);
            document.Validate(schemas, (_, e) => errors.Add($"CAP-1.2-Schema: {e.Message}"));
        }
        catch (XmlException e)
        {
            errors.Add($"Kein gültiges XML: {e.Message}");
        }

        return errors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CAP 1.2 schema not found; CAP is checked by the built-in reader and rules only")]
    private static partial void LogNoSchema(ILogger logger);

    private static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? System.IO.Path.GetFullPath(configured)
                : throw new FileNotFoundException($"Alerts:CapSchemaPath names no file: {configured}");
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "shared", "standards", "cap-1.2", FileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
