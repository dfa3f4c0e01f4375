using System.Diagnostics;
using System.Globalization;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts;

/// <summary>CAP documents for the tests, and validation with xmllint against the OASIS schema.</summary>
internal static class CapSamples
{
    public static string SchemaPath => Path.Combine(StandardsFolderPath(), "CAP-v1.2.xsd");

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static string Alert(
        string identifier,
        DateTimeOffset sent,
        string msgType = "Alert",
        string? references = null,
        DateTimeOffset? expires = null,
        string polygon = "51.10,7.00 51.20,7.00 51.20,7.20 51.10,7.00",
        string headline = "Hochwasser an der Wupper",
        string? effective = null,
        string sender = "leitstelle@example.org") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
          <identifier>{identifier}</identifier>
          <sender>{sender}</sender>
          <sent>{Time(sent)}</sent>
          <status>Actual</status>
          <msgType>{msgType}</msgType>
          <scope>Public</scope>
          {(references is null ? "" : $"<references>{references}</references>")}
          <info>
            <language>de-DE</language>
            <category>Met</category>
            <event>Hochwasser</event>
            <responseType>Prepare</responseType>
            <urgency>Expected</urgency>
            <severity>Severe</severity>
            <certainty>Likely</certainty>
            <effective>{effective ?? Time(sent)}</effective>
            <expires>{Time(expires ?? sent.AddHours(6))}</expires>
            <senderName>Leitstelle Musterstadt</senderName>
            <headline>{headline}</headline>
            <description>Die Pegel steigen.</description>
            <instruction>Keller räumen.</instruction>
            <area>
              <areaDesc>Altstadt</areaDesc>
              <polygon>{polygon}</polygon>
              <circle>51.15,7.10 2.5</circle>
              <geocode><valueName>ARS</valueName><value>051220000000</value></geocode>
            </area>
          </info>
        </alert>
        """;

    /// <summary>Runs <c>xmllint --schema</c> on the document; returns its error output (empty when valid).</summary>
    public static string Xmllint(string xml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"cap-{Guid.NewGuid():N}.xml");
        File.WriteAllText(file, xml);
        try
        {
            var start = new ProcessStartInfo("xmllint", ["--noout", "--nonet", "--schema", SchemaPath, file])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("xmllint did not start");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? "" : errors;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string StandardsFolderPath()
    {
        for (var dir = new DirectoryInfo(StandardsFolder.RepositoryRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "standards", "cap-1.2");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("shared/standards/cap-1.2 not found next to the repository");
    }
}
