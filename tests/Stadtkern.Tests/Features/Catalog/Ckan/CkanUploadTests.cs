using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Ckan.CkanTestData;

namespace Stadtkern.Tests.Features.Catalog.Ckan;

public sealed class CkanUploadTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static MultipartFormDataContent Upload(string packageOrResourceField, string id, byte[] file, string fileName, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new StringContent(id), packageOrResourceField } };
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "upload", fileName);
        return form;
    }

    [Theory, DatabaseData]
    public async Task A_multipart_upload_round_trips_with_size_hash_format_and_download_url(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var steward = await ClientAsync(app, "data-steward");
        var csv = Encoding.UTF8.GetBytes("station;datum;anzahl\nHafen;2025-05-01;1234\nBahnhof;2025-05-01;987\n");

        using var form = Upload("package_id", "ckan-radzaehlung", csv, "zählung 2025.csv", ("name", "Zählung 2025"));
        var created = await ReadAsync(await steward.PostAsync(new Uri("/api/3/action/resource_create", UriKind.Relative), form, Ct));

        created.Status.ShouldBe(HttpStatusCode.OK, created.ToString());
        var resource = created.Result;
        resource["url_type"]!.GetValue<string>().ShouldBe("upload");
        resource["format"]!.GetValue<string>().ShouldBe("CSV");
        resource["mimetype"]!.GetValue<string>().ShouldBe("text/csv");
        resource["size"]!.GetValue<long>().ShouldBe(csv.Length);
        resource["hash"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(csv)));
        var url = new Uri(resource["url"]!.GetValue<string>());
        url.AbsolutePath.ShouldBe($"/dataset/{resource["package_id"]}/resource/{resource["id"]}/download/z_hlung_2025.csv");

        using var download = await app.AnonymousClient().GetAsync(url.PathAndQuery, Ct);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        SHA256.HashData(await download.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(SHA256.HashData(csv));

        // a new file replaces the old one; the URL keeps pointing at the resource
        var replacement = Encoding.UTF8.GetBytes("{\"type\":\"FeatureCollection\",\"features\":[]}");
        using var update = Upload("id", resource["id"]!.GetValue<string>(), replacement, "stationen.geojson");
        var updated = (await ReadAsync(await steward.PostAsync(new Uri("/api/3/action/resource_update", UriKind.Relative), update, Ct))).Result;
        updated["format"]!.GetValue<string>().ShouldBe("GEOJSON");
        updated["hash"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(replacement)));
        using var second = await app.AnonymousClient().GetAsync(new Uri(updated["url"]!.GetValue<string>()).PathAndQuery, Ct);
        (await second.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(replacement);
        second.Content.Headers.ContentType!.MediaType.ShouldBe("application/geo+json");
    }

    [Theory, DatabaseData]
    public async Task Downloads_of_restricted_and_internal_files_ask_DataAccess(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);
        var steward = await ClientAsync(app, "data-steward");
        var urls = new Dictionary<string, string>();
        foreach (var dataset in new[] { "ckan-marktplatz", "ckan-intern" })
        {
            using var form = Upload("package_id", dataset, Encoding.UTF8.GetBytes("a,b\n1,2\n"), "daten.csv");
            var created = await ReadAsync(await steward.PostAsync(new Uri("/api/3/action/resource_create", UriKind.Relative), form, Ct));
            urls[dataset] = new Uri(created.Result["url"]!.GetValue<string>()).PathAndQuery;
        }

        var anonymous = app.AnonymousClient();
        (await anonymous.GetAsync(urls["ckan-marktplatz"], Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await anonymous.GetAsync(urls["ckan-intern"], Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var staff = await ClientAsync(app, "staff");
        (await staff.GetAsync(urls["ckan-intern"], Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await staff.GetAsync(urls["ckan-marktplatz"], Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await steward.GetAsync(urls["ckan-marktplatz"], Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync($"/dataset/ckan-radzaehlung/resource/{Guid.NewGuid()}/download/x.csv", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetAsync("/dataset/ckan-radzaehlung/resource/keine-uuid/download/x.csv", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory, DatabaseData]
    public async Task Uploads_by_outsiders_and_broken_multipart_bodies_are_refused_without_500(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await ArrangeAsync(app);

        using var form = Upload("package_id", "ckan-radzaehlung", [1, 2, 3], "x.bin");
        var denied = await ReadAsync(await (await ClientAsync(app, "staff")).PostAsync(new Uri("/api/3/action/resource_create", UriKind.Relative), form, Ct));
        denied.Status.ShouldBe(HttpStatusCode.Forbidden);

        using var broken = new StringContent("--grenze\r\nContent-Disposition: form-data; name=\"package_id\"\r\n\r\nckan", Encoding.UTF8);
        broken.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=grenze");
        using var response = await (await ClientAsync(app, "data-steward")).PostAsync(new Uri("/api/3/action/resource_create", UriKind.Relative), broken, Ct);
        ((int)response.StatusCode).ShouldBeInRange(400, 499, await response.Content.ReadAsStringAsync(Ct));
    }
}
