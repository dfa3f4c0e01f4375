using System.Text;
using Stadtkern.Features.Catalog.Datastore;
using Stadtkern.Features.Catalog.Datastore.Model;
using Stadtkern.Features.Catalog.Datastore.Reading;

namespace Stadtkern.Tests.Features.Catalog.Datastore;

public sealed class ReadingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(CsvSourceReader Reader, List<SourceRow> Rows)> ReadAllAsync(string csv)
    {
        var reader = await CsvSourceReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), Encoding.UTF8, null, Ct);
        var rows = new List<SourceRow>();
        while (await reader.ReadAsync(Ct) is { } row)
        {
            rows.Add(row);
        }

        return (reader, rows);
    }

    [Fact]
    public async Task Quoted_fields_keep_delimiters_quotes_and_line_breaks_and_rows_know_their_line()
    {
        var (reader, rows) = await ReadAllAsync("name;bemerkung\r\n\"Müller; Sohn\";\"sagt \"\"hallo\"\"\nund tschüss\"\r\n\r\nx;y\n");

        reader.Delimiter.ShouldBe(';');
        reader.Headers.ShouldBe(["name", "bemerkung"]);
        rows.Count.ShouldBe(2);
        rows[0].Values.ShouldBe(["Müller; Sohn", "sagt \"hallo\"\nund tschüss"]);
        rows[0].Number.ShouldBe(2);
        rows[1].Number.ShouldBe(5);
    }

    [Fact]
    public async Task The_delimiter_is_detected_for_commas_and_tabs()
    {
        (await ReadAllAsync("a,b,c\n1,2,3\n")).Reader.Delimiter.ShouldBe(',');
        (await ReadAllAsync("a\tb\n1\t2\n")).Reader.Delimiter.ShouldBe('\t');
    }

    [Fact]
    public async Task A_row_with_the_wrong_number_of_columns_is_marked_not_dropped()
    {
        var (_, rows) = await ReadAllAsync("a;b\n1;2\n3\n4;5\n");

        rows.Select(r => r.Problem is null).ShouldBe([true, false, true]);
        rows[1].Problem!.ShouldContain("1 statt 2");
    }

    [Fact]
    public async Task An_unterminated_quote_is_a_clear_error_naming_its_line()
    {
        var error = await Should.ThrowAsync<SourceFormatException>(() => ReadAllAsync("a;b\n1;2\n3;\"offen\n4;5\n"));

        error.Message.ShouldContain("Zeile 3");
    }

    [Theory]
    [InlineData("1.234,56", true, "1234.56")]
    [InlineData("-0,5", true, "-0.5")]
    [InlineData("1234.56", false, "1234.56")]
    [InlineData("1,5e3", false, null)]
    [InlineData("1.23,4", true, null)]
    [InlineData("12.34", true, null)]
    public void Numbers_are_read_in_German_or_international_notation(string text, bool decimalComma, string? expected)
    {
        var ok = ParseValue.TryNumeric(text, decimalComma, out var value);

        ok.ShouldBe(expected is not null);
        if (expected is not null)
        {
            value.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void German_and_ISO_dates_and_local_timestamps_are_understood()
    {
        ParseValue.TryDate("31.12.2024", out var german).ShouldBeTrue();
        ParseValue.TryDate("2024-12-31", out var iso).ShouldBeTrue();
        german.ShouldBe(iso);
        ParseValue.TryDate("31.02.2024", out _).ShouldBeFalse();
        ParseValue.TryTimestamp("31.12.2024 10:30", out var winter).ShouldBeTrue();
        winter.ShouldBe(new DateTimeOffset(2024, 12, 31, 9, 30, 0, TimeSpan.Zero)); // CET = UTC+1
        ParseValue.TryTimestamp("2024-07-01T10:30:00Z", out var utc).ShouldBeTrue();
        utc.ShouldBe(new DateTimeOffset(2024, 7, 1, 10, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Inference_picks_the_narrowest_type_that_every_value_fits()
    {
        var inference = new InferSchema(preferDecimalComma: true);
        inference.Observe(["1", "1,5", "31.12.2024", "ja", "01067", "Zähler 1", "2024-01-01 10:00"]);
        inference.Observe(["2", "1.000,25", "01.01.2025", "nein", "78462", "", "2024-01-02T11:00:00Z"]);
        inference.Observe(["", "3", "", "", "", "", "2024-01-03"]);

        var schema = inference.Result(["Anzahl", "Betrag (€)", "Datum", "Aktiv", "PLZ", "Name", "Zeit"]);

        schema.Fields.Select(f => f.Type).ShouldBe([
            DatastoreType.Integer, DatastoreType.Numeric, DatastoreType.Date, DatastoreType.Boolean,
            DatastoreType.Text, DatastoreType.Text, DatastoreType.Timestamp]);
        schema.Fields.Select(f => f.Id).ShouldBe(["anzahl", "betrag", "datum", "aktiv", "plz", "name", "zeit"]);
        schema.Fields[1].Label.ShouldBe("Betrag (€)");
        schema.Fields[1].DecimalComma.ShouldBe(true);
    }

    [Fact]
    public void Column_names_become_safe_unique_identifiers()
    {
        ColumnNames.ForHeaders(["Straße", "straße", "1. Quartal", "", "Größe in m²", "_id"])
            .ShouldBe(["strasse", "strasse_2", "c_1_quartal", "spalte", "groesse_in_m", "id"]);
    }

    [Fact]
    public async Task GeoJson_features_stream_as_rows_with_geometry_first_and_properties_as_met()
    {
        var json = """
            {"type":"FeatureCollection","name":"baeume","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[9.17,47.66]},"properties":{"art":"Linde","hoehe":12.5}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[9.18,47.67]},"properties":{"art":"Eiche","gepflanzt":"01.04.1990"}}
            ]}
            """;
        await using var reader = new GeoJsonSourceReader(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        var rows = new List<SourceRow>();
        while (await reader.ReadAsync(Ct) is { } row)
        {
            rows.Add(row);
        }

        reader.Headers.ShouldBe(["geometry", "art", "hoehe", "gepflanzt"]);
        rows.Count.ShouldBe(2);
        rows[0].Values[0]!.ShouldContain("\"Point\"");
        rows[0].Values[2].ShouldBe("12.5");
        rows[1].Values[3].ShouldBe("01.04.1990");
    }

    [Fact]
    public async Task Json_that_is_not_a_feature_collection_is_refused()
    {
        await using var reader = new GeoJsonSourceReader(new MemoryStream(Encoding.UTF8.GetBytes("[1,2,3]")));

        await Should.ThrowAsync<SourceFormatException>(async () => await reader.ReadAsync(Ct));
    }
}
