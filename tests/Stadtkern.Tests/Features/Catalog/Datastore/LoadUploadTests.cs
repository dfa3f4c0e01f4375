using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Catalog.Datastore;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;
using static Stadtkern.Tests.Features.Catalog.Datastore.DatastoreArrange;

namespace Stadtkern.Tests.Features.Catalog.Datastore;

public sealed class LoadUploadTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string GermanCsv =
        "Stelle;Zählung;Betrag;Datum;Geöffnet\r\n" +
        "Marktstraße;1.204;1.234,56;31.12.2024;ja\r\n" +
        "Bahnhofsplatz;87;-12,5;01.01.2025;nein\r\n" +
        "Überlingen Süd;fünf;3,0;02.01.2025;ja\r\n" +
        "Rathausplatz;3;0,75;03.01.2025;\r\n";

    [Theory, DatabaseData]
    public async Task A_German_Windows_1252_csv_gets_types_and_values_and_an_invalid_row_is_reported_while_the_rest_loads(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var resource = await ResourceAsync(services);

        // The steward confirms that "Zählung" is a number, although one value in the middle is not.
        var job = await LoadAsync(services, resource, "zaehlung.csv", Text(GermanCsv, Windows1252),
            schema => schema with { Fields = [.. schema.Fields.Select(f => f.Id == "zaehlung" ? f with { Type = DatastoreType.Integer, DecimalComma = true } : f)] });

        job.Encoding.ShouldBe("windows-1252");
        job.Delimiter.ShouldBe(";");
        job.Status.ShouldBe(LoadStatus.Completed);
        job.RowsRead.ShouldBe(4);
        job.RowsLoaded.ShouldBe(3);
        job.RowsRejected.ShouldBe(1);
        job.BytesRead.ShouldBe(job.BytesTotal);
        var error = job.ParsedErrors.ShouldHaveSingleItem();
        error.Row.ShouldBe(4);
        error.Column.ShouldBe("zaehlung");
        error.Message.ShouldContain("fünf");

        var search = await ActAsync(services, "datastore_search", new { resource_id = resource });
        search!["fields"]!.AsArray().Select(f => (string)f!["type"]!).ShouldBe(["int", "text", "int", "numeric", "date", "bool"]);
        search["fields"]![1]!["id"]!.GetValue<string>().ShouldBe("stelle");
        search["fields"]![2]!["info"]!["label"]!.GetValue<string>().ShouldBe("Zählung");
        search["total"]!.GetValue<long>().ShouldBe(3);
        var first = search["records"]![0]!;
        first["stelle"]!.GetValue<string>().ShouldBe("Marktstraße");
        first["zaehlung"]!.GetValue<long>().ShouldBe(1204);
        first["betrag"]!.GetValue<decimal>().ShouldBe(1234.56m);
        first["datum"]!.GetValue<string>().ShouldBe("2024-12-31");
        first["geoeffnet"]!.GetValue<bool>().ShouldBeTrue();
        search["records"]![2]!["geoeffnet"].ShouldBeNull();
        (await services.GetRequiredService<StadtkernDb>().Set<Resource>().AsNoTracking().SingleAsync(r => r.Id == resource, Ct)).DatastoreActive.ShouldBeTrue();
    }

    [Theory, DatabaseData]
    public async Task Without_edits_a_column_with_one_word_among_numbers_stays_text_and_every_row_loads(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var resource = await ResourceAsync(services);

        var job = await LoadAsync(services, resource, "zaehlung.csv", Text(GermanCsv, Windows1252), schema => schema with { PrimaryKey = ["stelle"] });

        job.RowsLoaded.ShouldBe(4);
        job.ParsedSchema!.Find("zaehlung")!.Type.ShouldBe(DatastoreType.Text);
        var result = await ActAsync(services, "datastore_search", new { resource_id = resource, sort = "betrag desc" });
        result!["records"]!.AsArray().Select(r => r!["stelle"]!.GetValue<string>()).ShouldBe(["Marktstraße", "Überlingen Süd", "Rathausplatz", "Bahnhofsplatz"]);
        result["records"]![1]!["zaehlung"]!.GetValue<string>().ShouldBe("fünf");
    }

    [Theory, DatabaseData]
    public async Task A_broken_csv_fails_the_job_with_a_clear_reason_and_loading_again_replaces_the_table(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var resource = await ResourceAsync(services);

        var broken = await LoadAsync(services, resource, "kaputt.csv", Text("a;b\n1;\"offen\n2;3\n"));
        broken.Status.ShouldBe(LoadStatus.Failed);
        broken.Message!.ShouldContain("Zeile 2");

        await LoadAsync(services, resource, "eins.csv", Text("a;b\n1;2\n3;4\n"));
        var again = await LoadAsync(services, resource, "zwei.csv", Text("a;b;c\n5;6;7\n"));

        again.Status.ShouldBe(LoadStatus.Completed);
        var result = await ActAsync(services, "datastore_search", new { resource_id = resource });
        result!["total"]!.GetValue<long>().ShouldBe(1);
        result["records"]![0]!["c"]!.GetValue<long>().ShouldBe(7);
    }

    [Theory, DatabaseData]
    public async Task Duplicate_primary_keys_reject_only_the_duplicate_rows(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var resource = await ResourceAsync(services);

        var job = await LoadAsync(services, resource, "k.csv", Text("id,wert\n1,a\n2,b\n1,c\n3,d\n"), s => s with { PrimaryKey = ["id"] });

        job.RowsLoaded.ShouldBe(3);
        job.ParsedErrors.ShouldHaveSingleItem().Row.ShouldBe(4);
    }

    [Theory, DatabaseData]
    public async Task A_large_generated_csv_streams_in_batches_without_reading_the_whole_file_first(DatabaseProvider db)
    {
        const int Rows = 200_000;
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var resource = await ResourceAsync(services);
        var source = new GeneratedCsv(Rows);
        var reports = new List<(long Bytes, long Loaded)>();

        var job = await LoadAsync(services, resource, "gross.csv", source, progress: j => reports.Add((j.BytesRead, j.RowsLoaded)));

        job.Status.ShouldBe(LoadStatus.Completed);
        job.RowsLoaded.ShouldBe(Rows);
        job.BytesTotal.ShouldBe(source.Length);
        job.BytesTotal.ShouldBeGreaterThan(10_000_000);

        // The first batch was in the table when only a small part of the file had been read...
        var first = reports.First(r => r.Loaded > 0);
        first.Bytes.ShouldBeLessThan(job.BytesTotal / 20);
        reports.Count.ShouldBeGreaterThan(Rows / LoadUpload.BatchSize);

        // (The process heap is not asserted: other tests run in the same process and make it swing.)
        var sum = await ActAsync(services, "datastore_search_sql", new { sql = $"SELECT count(*) AS n, sum(wert) AS s FROM \"{resource}\"" });
        sum!["records"]![0]!["n"]!.GetValue<long>().ShouldBe(Rows);
        sum["records"]![0]!["s"]!.GetValue<long>().ShouldBe((long)Rows * (Rows - 1) / 2);
    }

    [Theory, DatabaseData]
    public async Task A_GeoJSON_upload_gets_a_geometry_column_that_the_dump_returns_as_features(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        await using var scope = await app.TenantScopeAsync();
        var services = scope.ServiceProvider;
        var resource = await ResourceAsync(services);
        var geojson = """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[9.17,47.66]},"properties":{"art":"Linde","hoehe":12.5}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[9.18,47.67]},"properties":{"art":"Eiche","hoehe":8}}
            ]}
            """;

        var job = await LoadAsync(services, resource, "baeume.geojson", Text(geojson));

        job.Status.ShouldBe(LoadStatus.Completed);
        job.ParsedSchema!.Fields.Select(f => (f.Id, f.Type)).ShouldBe([("geometry", DatastoreType.Geometry), ("art", DatastoreType.Text), ("hoehe", DatastoreType.Numeric)]);
        var response = await app.AnonymousClient().GetAsync($"/datastore/dump/{resource}?format=geojson", Ct);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        var collection = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        collection["features"]!.AsArray().Count.ShouldBe(2);
        collection["features"]![0]!["geometry"]!["coordinates"]![0]!.GetValue<double>().ShouldBe(9.17);
        collection["features"]![1]!["properties"]!["art"]!.GetValue<string>().ShouldBe("Eiche");
        var csv = await app.AnonymousClient().GetStringAsync($"/datastore/dump/{resource}?format=csv", Ct);
        csv.Split("\r\n")[0].ShouldBe("_id,geometry,art,hoehe");
    }

    /// <summary>A CSV produced on the fly while it is read: the test never holds the file.</summary>
    private sealed class GeneratedCsv(int rows) : Stream
    {
        private readonly byte[] header = Encoding.UTF8.GetBytes("nummer;wert;datum;text\n");
        private byte[] current = [];
        private int offset;
        private int next = -1;
        private long position;

        public override long Length { get; } = Measure(rows);

        private static long Measure(int rows)
        {
            long total = "nummer;wert;datum;text\n".Length;
            for (var i = 0; i < rows; i++)
            {
                total += Line(i).Length;
            }

            return total;
        }

        private static string Line(int i) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i};{i};{1 + (i % 28):00}.{1 + (i % 12):00}.2024;Zeile {i} mit etwas Text\n");

        public override int Read(byte[] buffer, int offsetInBuffer, int count)
        {
            if (offset == current.Length)
            {
                if (next == -1)
                {
                    current = header;
                }
                else if (next < rows)
                {
                    current = Encoding.UTF8.GetBytes(Line(next));
                }
                else
                {
                    return 0;
                }

                next++;
                offset = 0;
            }

            var n = Math.Min(count, current.Length - offset);
            Array.Copy(current, offset, buffer, offsetInBuffer, n);
            offset += n;
            position += n;
            return n;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offsetInStream, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offsetInBuffer, int count) => throw new NotSupportedException();
    }
}
