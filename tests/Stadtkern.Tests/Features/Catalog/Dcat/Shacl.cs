using System.Diagnostics;
using System.Text.Json;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Dcat;

/// <summary>Runs the Node tools in tests/shacl (rdf-validate-shacl, n3, jsonld): `npm ci` there first (scripts/test does).</summary>
internal static class Shacl
{
    private static string Folder => Path.Combine(StandardsFolder.RepositoryRoot, "tests", "shacl");

    /// <summary>Validates RDF files with the DCAT-AP.de 3.0 shapes; returns the report (violations, warnings, results).</summary>
    public static async Task<ShaclReport> ValidateAsync(params string[] files)
    {
        var (code, stdout, stderr) = await RunAsync("validate.mjs", files);
        if (code is not (0 or 1))
        {
            throw new InvalidOperationException($"validate.mjs failed ({code}): {stderr}");
        }
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        var violations = root.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("severity").GetString() == "Violation")
            .Select(r => r.ToString())
            .ToList();
        return new ShaclReport(code, root.GetProperty("violations").GetInt32(), root.GetProperty("warnings").GetInt32(), violations, stdout);
    }

    /// <summary>The file's triples as N-Triples, read by the reference parsers.</summary>
    public static async Task<string> ToNTriplesAsync(string file)
    {
        var (code, stdout, stderr) = await RunAsync("to-ntriples.mjs", [file]);
        return code == 0 ? stdout : throw new InvalidOperationException($"to-ntriples.mjs failed ({code}): {stderr}");
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string script, string[] args)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules")))
        {
            throw new InvalidOperationException($"Run `npm ci` in {Folder} first (scripts/test does it).");
        }
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        psi.ArgumentList.Add(Path.Combine(Folder, script));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DCAT_AP_DE_SHAPES"] = StandardsFolder.DcatApDe;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record ShaclReport(int ExitCode, int Violations, int Warnings, IReadOnlyList<string> ViolationResults, string Json);
