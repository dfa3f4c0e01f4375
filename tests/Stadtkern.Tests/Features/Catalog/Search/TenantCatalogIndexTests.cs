using Stadtkern.Features.Catalog.Model;
using Stadtkern.Features.Catalog.Search;
using Stadtkern.Features.Catalog.Search.Index;

namespace Stadtkern.Tests.Features.Catalog.Search;

/// <summary>The in-memory index against a plain evaluation of the same rules over the same generated catalog.</summary>
public sealed class TenantCatalogIndexTests
{
    private static readonly string[] Words =
        ["Radverkehr", "Parkplätze", "Baustellen", "Luftqualität", "Haushalt", "Wahlergebnisse", "Spielplätze", "Bäume", "Schulen", "Haltestellen"];

    private static readonly string[] Tags = ["Mobilität", "Umwelt", "Bildung", "Finanzen", "Bauen"];

    private static readonly AccessLevel[] Levels = [AccessLevel.Public, AccessLevel.Public, AccessLevel.Internal, AccessLevel.Restricted];

    [Fact]
    public void Matches_filters_facet_counts_and_pages_equal_a_plain_evaluation_over_a_random_catalog()
    {
        var random = new Random(20261122);
        var rows = Enumerable.Range(0, 2000).Select(i => RandomRow(random, i)).ToList();
        var index = new TenantCatalogIndex("e");
        index.Apply(rows, 1);

        // Replace a tenth with new versions, delete another tenth: the index must forget the old ones entirely.
        var changed = rows.Take(200).Select((r, i) => RandomRow(random, i) with { Id = r.Id }).ToList();
        var deleted = rows.Skip(200).Take(200).Select(r => r with { Active = false }).ToList();
        index.Apply([.. changed, .. deleted], 2);
        var current = changed.Concat(rows.Skip(400)).ToList();

        for (var round = 0; round < 300; round++)
        {
            var word = random.Next(3) == 0 ? null : Words[random.Next(Words.Length)];
            var filters = new List<FacetFilter>();
            if (random.Next(2) == 0)
            {
                filters.Add(new FacetFilter("tags", Tags[random.Next(Tags.Length)], Negated: random.Next(3) == 0));
            }

            var box = random.Next(4) == 0 ? new BoundingBox(9, 47.5, 9.2, 47.7) : null;
            var seesInternal = random.Next(2) == 0;
            var query = new DatasetQuery
            {
                Text = word,
                Filters = filters,
                Within = box,
                Sort = DatasetSort.TitleAscending,
                Rows = 7,
                Start = random.Next(5),
                FacetFields = ["tags", "access"],
            };

            var expected = current.Where(r => r.Active
                    && (seesInternal || r.Access != AccessLevel.Internal)
                    && (word is null || SearchTerms.Of(r.Title + " " + r.SearchText).Contains(SearchTerms.Of(word)[0]))
                    && filters.All(f => r.Facets.Contains(("tags", f.Value)) != f.Negated)
                    && (box is null || (r.Extent is { } e && e.MinLon <= box.MaxLon && e.MaxLon >= box.MinLon && e.MinLat <= box.MaxLat && e.MaxLat >= box.MinLat)))
                .ToList();
            var hits = index.Search(query, seesInternal, query.FacetFields);

            hits.Total.ShouldBe(expected.Count, $"round {round}: {word} {string.Join(',', filters)} {box}");
            hits.Ids.ShouldBe(expected.OrderBy(r => r.Title.ToLowerInvariant(), StringComparer.Ordinal).ThenBy(r => r.Id)
                .Skip(query.Start).Take(7).Select(r => r.Id).ToList());
            var tagCounts = expected.SelectMany(r => r.Facets).Where(f => f.Facet == "tags").GroupBy(f => f.Value)
                .ToDictionary(g => g.Key, g => g.Count());
            hits.Facets["tags"].ToDictionary(f => f.Value, f => f.Count).ShouldBe(tagCounts, ignoreOrder: true);
        }
    }

    [Fact]
    public void Several_words_match_datasets_with_all_of_them_ranked_by_bm25_like_a_plain_evaluation()
    {
        var random = new Random(4711);
        var rows = Enumerable.Range(0, 3000).Select(i => RandomRow(random, i)).ToList();
        var index = new TenantCatalogIndex("e");
        index.Apply(rows, 1);
        var active = rows.Where(r => r.Active).ToList();
        var terms = active.ToDictionary(r => r.Id, r => (Title: SearchTerms.Of(r.Title), Text: SearchTerms.Of(r.SearchText)));
        var averageLength = (double)terms.Values.Sum(t => t.Title.Count + t.Text.Count) / active.Count;

        for (var round = 0; round < 100; round++)
        {
            var words = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Words[random.Next(Words.Length)]).Distinct().ToList();
            var stems = words.Select(w => SearchTerms.Of(w)[0]).ToList();
            var seesInternal = random.Next(2) == 0;
            var query = new DatasetQuery { Text = string.Join(' ', words), Rows = 10, Start = random.Next(3), FacetFields = ["tags"] };

            var matching = active.Where(r => (seesInternal || r.Access != AccessLevel.Internal)
                && stems.All(s => terms[r.Id].Title.Contains(s) || terms[r.Id].Text.Contains(s))).ToList();
            double Score(IndexedDatasetRow r) => stems.Sum(s =>
            {
                var n = active.Count(x => terms[x.Id].Title.Contains(s) || terms[x.Id].Text.Contains(s));
                var idf = Math.Log(1 + ((active.Count - n + 0.5) / (n + 0.5)));
                double tf = (10 * terms[r.Id].Title.Count(t => t == s)) + terms[r.Id].Text.Count(t => t == s);
                var length = terms[r.Id].Title.Count + terms[r.Id].Text.Count;
                return idf * tf * 2.2 / (tf + (1.2 * (0.25 + (0.75 * length / averageLength))));
            });
            var expected = matching.Select(r => (Row: r, Score: Score(r)))
                .OrderByDescending(x => Math.Round(x.Score, 9)).ThenByDescending(x => x.Row.Modified).ThenBy(x => x.Row.Id)
                .Select(x => x.Row.Id).Skip(query.Start).Take(10).ToList();

            var hits = index.Search(query, seesInternal, query.FacetFields);

            hits.Total.ShouldBe(matching.Count, $"round {round}: {query.Text}");
            hits.Ids.ShouldBe(expected, $"round {round}: {query.Text}");
            hits.Facets["tags"].Sum(f => f.Count).ShouldBe(matching.Sum(r => r.Facets.Count(f => f.Facet == "tags")));
        }
    }

    [Fact]
    public void A_title_match_ranks_above_a_match_in_the_description_and_a_word_start_finds_longer_words()
    {
        var index = new TenantCatalogIndex("e");
        var inText = Row("Haushaltsplan 2025", "Enthält auch Zahlen zu Spielplätzen.");
        var inTitle = Row("Spielplätze der Stadt", "Standorte und Ausstattung.");
        index.Apply([inText, inTitle], 1);

        index.Search(new DatasetQuery { Text = "Spielplatz" }, false, []).Ids.ShouldBe([inTitle.Id, inText.Id]);
        index.Search(new DatasetQuery { Text = "Spielpl" }, false, []).Total.ShouldBe(2);
        index.Search(new DatasetQuery { Text = "Spielplatz Haushalt" }, false, []).Ids.ShouldBe([inText.Id]);
        index.Search(new DatasetQuery { Text = "und der" }, false, []).Total.ShouldBe(2, "stop words alone are no text query");
        index.Search(new DatasetQuery { Text = "Kanalnetz" }, false, []).Total.ShouldBe(0);
    }

    [Theory]
    [InlineData("Radzählstellen", "radzahlstell")]
    [InlineData("Spielplätze", "spielplatz")]
    [InlineData("Bäume", "baum")]
    [InlineData("Luftqualität", "luftqualitat")]
    [InlineData("Straße", "strass")]
    [InlineData("Haltestellen", "haltestell")]
    [InlineData("bedürfnissen", "bedurfnis")]
    [InlineData("Zählung", "zahlung")]
    public void The_german_stemmer_reduces_inflected_forms(string word, string stem) =>
        GermanStemmer.Stem(word.ToLowerInvariant()).ShouldBe(stem);

    private static IndexedDatasetRow RandomRow(Random random, int i)
    {
        var title = Words[random.Next(Words.Length)] + " " + i;
        var notes = string.Join(' ', Enumerable.Range(0, 3).Select(_ => Words[random.Next(Words.Length)]));
        var tags = Tags.Where(_ => random.Next(3) == 0).Select(t => ("tags", t));
        var level = Levels[random.Next(Levels.Length)];
        var lon = 8.9 + (random.NextDouble() * 0.5);
        var lat = 47.4 + (random.NextDouble() * 0.5);
        return new IndexedDatasetRow(
            Guid.NewGuid(), "d" + i, title, notes, level, random.Next(20) != 0,
            DateTimeOffset.UnixEpoch.AddDays(random.Next(10000)), DateTimeOffset.UnixEpoch,
            random.Next(3) == 0 ? null : new BoundingBox(lon, lat, lon + 0.01, lat + 0.01),
            [.. tags, ("access", level.Key())]);
    }

    private static IndexedDatasetRow Row(string title, string text) =>
        new(Guid.NewGuid(), title, title, text, AccessLevel.Public, true, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, []);
}
