using Npgsql;
using Stadtkern.Features.Catalog.Demo;
using Stadtkern.Features.Catalog.Search.Index;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Catalog.Search;

/// <summary>Our stemmer against PostgreSQL's own Snowball German stemmer, word for word over the demo catalog's text.</summary>
public sealed class GermanStemmerTests
{
    [Fact]
    public async Task Every_word_of_the_demo_catalog_stems_as_in_postgresql()
    {
        if (TestDatabases.PostgresSkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        var words = DemoDatasets.All()
            .SelectMany(d => new[] { d.Title, d.Notes ?? "" }.Concat(d.Tags))
            .SelectMany(text => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Select(w => new string([.. w.Where(char.IsLetter)]).ToLowerInvariant())
            .Where(w => w.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        words.Count.ShouldBeGreaterThan(300);

        await using var connection = new NpgsqlConnection(TestDatabases.PostgresAdmin);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT w, s FROM (SELECT w, (ts_lexize('german_stem', w))[1] AS s FROM unnest(@words) AS w) x WHERE s IS NOT NULL", connection);
        command.Parameters.AddWithValue("words", words.ToArray());
        var differences = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var word = reader.GetString(0);
            var expected = reader.GetString(1).Replace('ä', 'a').Replace('ö', 'o').Replace('ü', 'u');
            var actual = GermanStemmer.Stem(word);
            if (actual != expected)
            {
                differences.Add($"{word}: postgres {expected}, ours {actual}");
            }
        }

        differences.ShouldBeEmpty();
    }
}
