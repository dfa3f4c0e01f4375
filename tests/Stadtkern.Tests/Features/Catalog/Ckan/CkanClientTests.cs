using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Ckan.CkanTestData;

namespace Stadtkern.Tests.Features.Catalog.Ckan;

/// <summary>Real CKAN clients against the API: requests byte-for-byte as ckanapi sends them, and the ckan npm client over a real port.</summary>
public sealed class CkanClientTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    /// <summary>
    /// ckanapi's RemoteCKAN.call_action: POST {address}/api/action/{name} with the JSON-encoded dict and
    /// Content-Type application/json, the bare key in Authorization, its own User-Agent; with files, a
    /// multipart form of string fields plus the files. It maps failures by the error's __type.
    /// </summary>
    private static async Task<CkanReply> CkanapiAsync(HttpClient http, string action, JsonObject data, string? apiKey, (string Field, string Name, byte[] Content)? file = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/action/{action}", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("User-Agent", "ckanapi/4.7 (+https://github.com/ckan/ckanapi)");
        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", apiKey);
        }

        if (file is { } f)
        {
            var form = new MultipartFormDataContent();
            foreach (var (key, value) in data)
            {
                form.Add(new StringContent(value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value!.ToJsonString()), key);
            }

            form.Add(new ByteArrayContent(f.Content), f.Field, f.Name);
            request.Content = form;
        }
        else
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(data.ToJsonString()));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await http.SendAsync(request, Ct);
        return await ReadAsync(response);
    }

    [Theory, DatabaseData]
    public async Task A_ckanapi_session_publishes_uploads_finds_and_withdraws_a_dataset(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var key = await app.CreateTokenAsync("demo", "data-steward");
        var http = app.AnonymousClient();

        var status = await CkanapiAsync(http, "status_show", [], null);
        status.Result["ckan_version"]!.GetValue<string>().ShouldStartWith("2.10");
        var organizations = await CkanapiAsync(http, "organization_list", new JsonObject { ["all_fields"] = true }, null);
        organizations.Result.AsArray().Select(o => o!["name"]!.GetValue<string>()).ShouldContain(Org);

        var created = await CkanapiAsync(http, "package_create", new JsonObject
        {
            ["name"] = "ckanapi-haushalt",
            ["title"] = "Haushaltsplan 2025",
            ["owner_org"] = Org,
            ["notes"] = "Ergebnishaushalt nach Produktgruppen",
            ["license_id"] = "dl-by-de/2.0",
            ["tags"] = new JsonArray(new JsonObject { ["name"] = "Haushalt" }),
            ["extras"] = new JsonArray(new JsonObject { ["key"] = "dcat_theme", ["value"] = "[\"http://publications.europa.eu/resource/authority/data-theme/GOVE\"]" }),
        }, key);
        created.Status.ShouldBe(HttpStatusCode.OK, created.ToString());
        var id = created.Result["id"]!.GetValue<string>();

        var csv = Encoding.UTF8.GetBytes("produkt;ansatz\n1.1.1;100000,50\n");
        var uploaded = await CkanapiAsync(http, "resource_create", new JsonObject { ["package_id"] = id, ["name"] = "Haushalt CSV" }, key, ("upload", "haushalt.csv", csv));
        uploaded.Status.ShouldBe(HttpStatusCode.OK, uploaded.ToString());
        uploaded.Result["hash"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(csv)));

        var found = await CkanapiAsync(http, "package_search", new JsonObject { ["q"] = "Produktgruppen", ["fq"] = "theme:GOVE res_format:CSV", ["rows"] = 10 }, null);
        found.Result["count"]!.GetValue<int>().ShouldBe(1, found.ToString());
        var downloadUrl = new Uri(found.Result["results"]![0]!["resources"]![0]!["url"]!.GetValue<string>());
        (await http.GetByteArrayAsync(downloadUrl.PathAndQuery, Ct)).ShouldBe(csv);

        // ckanapi round trip: package_show's dict, changed, back through package_update
        var shown = (JsonObject)(await CkanapiAsync(http, "package_show", new JsonObject { ["id"] = id }, key)).Result;
        shown["title"] = "Haushaltsplan 2025 (beschlossen)";
        var updated = await CkanapiAsync(http, "package_update", shown, key);
        updated.Status.ShouldBe(HttpStatusCode.OK, updated.ToString());
        updated.Result["title"]!.GetValue<string>().ShouldBe("Haushaltsplan 2025 (beschlossen)");
        updated.Result["resources"]![0]!["url_type"]!.GetValue<string>().ShouldBe("upload");
        updated.Result["resources"]![0]!["hash"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(csv)));
        updated.Result["extras"]!.AsArray().Count(e => e!["key"]!.GetValue<string>() == "theme").ShouldBe(1);

        // the __type values ckanapi turns into NotAuthorized, NotFound, ValidationError, SearchQueryError
        (await CkanapiAsync(http, "package_delete", new JsonObject { ["id"] = id }, null)).Error["__type"]!.GetValue<string>().ShouldBe("Authorization Error");
        (await CkanapiAsync(http, "package_show", new JsonObject { ["id"] = "gibt-es-nicht" }, null)).Error["__type"]!.GetValue<string>().ShouldBe("Not Found Error");
        (await CkanapiAsync(http, "package_create", new JsonObject { ["name"] = "ckanapi-haushalt" }, key)).Error["__type"]!.GetValue<string>().ShouldBe("Validation Error");
        (await CkanapiAsync(http, "package_search", new JsonObject { ["fq"] = "tags:(a OR b)" }, null)).Error["__type"]!.GetValue<string>().ShouldBe("Search Query Error");

        (await CkanapiAsync(http, "package_delete", new JsonObject { ["id"] = id }, key)).Status.ShouldBe(HttpStatusCode.OK);
        (await CkanapiAsync(http, "package_search", new JsonObject { ["q"] = "Produktgruppen" }, null)).Result["count"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory, DatabaseData]
    public async Task The_ckan_npm_client_drives_the_API_over_real_HTTP(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var token = await app.CreateTokenAsync("demo", "data-steward");
        var clientDirectory = Path.Combine(RepositoryRoot(), "tests", "ckan-client");
        if (!Directory.Exists(Path.Combine(clientDirectory, "node_modules", "ckan")))
        {
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], clientDirectory, new Dictionary<string, string>());
            install.ExitCode.ShouldBe(0, install.ToString());
        }

        await using var server = await ServiceProcess.StartAsync(app.Provider, app.ConnectionString);
        var run = await RunAsync("node", ["client.js"], clientDirectory, new Dictionary<string, string>
        {
            ["CKAN_URL"] = server.BaseAddress.ToString().TrimEnd('/'),
            ["CKAN_TOKEN"] = token,
            ["CKAN_ORG"] = Org,
        });

        run.ExitCode.ShouldBe(0, run + "\n--- service ---\n" + server.Output);
        JsonNode.Parse(run.Stdout.Trim().Split('\n')[^1])!["ok"]!.GetValue<bool>().ShouldBeTrue();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Stadtkern.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Stadtkern.slnx not found above the test assembly.");
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    private static async Task<Run> RunAsync(string file, string[] args, string directory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time.");
        }

        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
