using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Query.Filter;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Filter;

/// <summary>
/// 100,000 filter strings from a grammar-based generator, half of them mutated at random (fixed seed), go through parse and
/// translation: the only exception allowed is <see cref="SensingQueryException"/> (a 400). A sample of the accepted ones is executed
/// on the seeded databases: no database error (PostgreSQL's data exceptions, class 22, are answered with 400 by the API) and no
/// query slower than the query timeout.
/// </summary>
[Collection(FilterDatabaseGroup.Name)]
public sealed class FilterFuzzTests(FilterDatabases databases)
{
    private const int Total = 100_000;
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);
    private static readonly SensingEntitySet[] Sets = [.. SensingSchema.Sets.Values];

    [Fact]
    public void Hundred_thousand_generated_and_mutated_filters_end_in_sql_or_a_400()
    {
        var translator = new SensingFilterTranslator(new FixedTime(FilterDatabase.Now));
        var failures = new List<string>();
        var accepted = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var (set, text, provider) in Generate())
        {
            try
            {
                var parameters = new SqlParameters(provider);
                var sql = text.StartsWith("$orderby=", StringComparison.Ordinal)
                    ? translator.TranslateOrderBy(text["$orderby=".Length..], set, "e", parameters)
                    : translator.Translate(text, set, "e", parameters);
                sql.ShouldNotBeNullOrWhiteSpace();
                accepted++;
            }
            catch (SensingQueryException)
            {
            }
            catch (Exception e)
            {
                if (failures.Count < 20)
                {
                    failures.Add($"{set.Name} [{provider}] {text}\n    {e.GetType().Name}: {e.Message}");
                }
            }
        }

        stopwatch.Stop();
        failures.ShouldBeEmpty();
        // The generator must exercise the translator, not only the error paths.
        accepted.ShouldBeGreaterThan(Total / 5);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60));
    }

    [Theory, DatabaseData]
    public async Task A_sample_of_accepted_filters_runs_without_database_errors_within_the_timeout(DatabaseProvider db)
    {
        var database = await databases.GetAsync(db);
        var sample = db == DatabaseProvider.Sqlite ? 2000 : 1000;
        var translator = database.Translator;
        var failures = new List<string>();
        var executed = 0;
        var slowest = TimeSpan.Zero;
        foreach (var (set, text, _) in Generate())
        {
            if (executed >= sample)
            {
                break;
            }

            var parameters = new SqlParameters(db);
            string sql;
            try
            {
                sql = text.StartsWith("$orderby=", StringComparison.Ordinal)
                    ? $"SELECT e.id FROM {set.Table} e ORDER BY {translator.TranslateOrderBy(text["$orderby=".Length..], set, "e", parameters)} LIMIT 50"
                    : $"SELECT e.id FROM {set.Table} e WHERE {translator.Translate(text, set, "e", parameters)} LIMIT 50";
            }
            catch (SensingQueryException)
            {
                continue;
            }

            executed++;
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await database.QueryIdsAsync(sql, parameters, TestContext.Current.CancellationToken);
            }
            catch (PostgresException e) when (e.SqlState.StartsWith("22", StringComparison.Ordinal))
            {
                // A data exception (overflow, out-of-range value): the API answers these with 400.
            }
            catch (Exception e) when (e is SqliteException or NpgsqlException)
            {
                if (failures.Count < 20)
                {
                    failures.Add($"{set.Name}: {text}\n    {sql}\n    {e.Message}");
                }
            }

            stopwatch.Stop();
            slowest = stopwatch.Elapsed > slowest ? stopwatch.Elapsed : slowest;
        }

        failures.ShouldBeEmpty();
        executed.ShouldBe(sample);
        slowest.ShouldBeLessThan(QueryTimeout);
    }

    /// <summary>The fixed sequence of test inputs: each generated filter once as is and once mutated.</summary>
    private static IEnumerable<(SensingEntitySet Set, string Text, DatabaseProvider Provider)> Generate()
    {
        var random = new Random(4711);
        for (var i = 0; i < Total / 2; i++)
        {
            var set = Sets[random.Next(Sets.Length)];
            var generator = new Generator(random, set);
            var text = random.Next(10) == 0 ? "$orderby=" + generator.OrderBy() : generator.Boolean(4);
            yield return (set, text, i % 2 == 0 ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres);
            yield return (set, Mutate(random, text), i % 2 == 0 ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);
        }
    }

    private static readonly string[] Noise =
    [
        "(", ")", "'", "''", "/", ",", ":", " ", "-", "eq", "and", "or", "not", "add", "mul", "div", "mod", "in", "any(", "all(", "$it",
        "null", "true", "duration'", "geography'", "9223372036854775807", "-9223372036854775808", "1e308", "0.0", "2024-02-30",
        "2024-01-01T00:00:00Z/", "P1D", ";", "--", "/*", "\"", "\\", "%", "@p0", "\u00e4", "\u0000", "𝔘", "properties/", "Datastream/",
        "geo.distance(", "st_relate(", "substring(", "now()",
    ];

    private static string Mutate(Random random, string text)
    {
        var builder = new StringBuilder(text);
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(6))
            {
                case 0:
                    builder.Remove(at, Math.Min(builder.Length - at, 1 + random.Next(8)));
                    break;
                case 1:
                    builder.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
                case 2:
                    builder.Insert(at, (char)random.Next(32, 127));
                    break;
                case 3 when builder.Length > 1:
                    var other = random.Next(builder.Length);
                    (builder[at], builder[other]) = (builder[other], builder[at]);
                    break;
                case 4:
                    var length = Math.Min(builder.Length - at, random.Next(20));
                    builder.Insert(at, builder.ToString(at, length));
                    break;
                default:
                    builder.Length = at;
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Random expressions over one entity set's properties, navigations and every function of the language.</summary>
    private sealed class Generator(Random random, SensingEntitySet set)
    {
        private static readonly string[] Comparisons = ["eq", "ne", "gt", "ge", "lt", "le"];
        private static readonly string[] Directions = ["", " asc", " desc"];
        private static readonly string[] Patterns = ["'T********'", "'FF*FF****'", "'bad'"];
        private static readonly string[] Members = ["owner", "floors", "active", "tags/kind", "list/1", "battery", "a", "b", "height", "depth"];
        private static readonly string[] Texts = ["Status", "Rathaus", "it''s", "", "offen", "x", "Stadt"];
        private static readonly string[] Instants = ["now()", "mindatetime()", "maxdatetime()"];
        private static readonly string[] Extremes = ["9223372036854775807", "-9223372036854775808", "1e300", "0"];
        private static readonly string[] Arithmetic = ["add", "sub", "mul", "div", "mod"];
        private static readonly string[] Functions = [.. FilterFunctions.Arity.Keys];
        private static readonly string[] Geometries =
        [
            "geography'POINT(10 53.55)'", "geography'LINESTRING(9.9 53.4, 9.9 53.8)'",
            "geography'POLYGON((9.95 53.5, 10.05 53.5, 10.05 53.6, 9.95 53.6, 9.95 53.5))'", "geometry'SRID=4326;MULTIPOINT((1 2), (3 4))'",
        ];

        private int variables;

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        public string OrderBy() => string.Join(", ", Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Value(2) + Pick(Directions)));

        public string Boolean(int depth)
        {
            var choice = depth <= 0 ? random.Next(3) : random.Next(9);
            return choice switch
            {
                0 or 1 => $"{Value(depth - 1)} {Pick(Comparisons)} {Value(depth - 1)}",
                2 => Call(depth - 1),
                3 => $"{Boolean(depth - 1)} and {Boolean(depth - 1)}",
                4 => $"{Boolean(depth - 1)} or {Boolean(depth - 1)}",
                5 => $"not ({Boolean(depth - 1)})",
                6 => $"{Value(depth - 1)} in ({string.Join(", ", Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Literal()))})",
                7 => Lambda(depth - 1),
                _ => $"({Boolean(depth - 1)})",
            };
        }

        private string Lambda(int depth)
        {
            var collections = set.Navigations.Where(n => n.IsCollection).ToList();
            if (collections.Count == 0)
            {
                return Path();
            }

            var navigation = Pick(collections);
            var variable = "v" + (++variables).ToString(CultureInfo.InvariantCulture);
            if (random.Next(5) == 0)
            {
                return $"{navigation.Name}/any()";
            }

            var inner = new Generator(random, SensingSchema.TargetOf(navigation)) { variables = variables }.Boolean(depth);
            inner = PrefixPaths(inner, variable);
            return $"{navigation.Name}/{(random.Next(3) == 0 ? "all" : "any")}({variable}: {inner})";
        }

        // Paths of the inner generator are written relative to the target; most are given the variable, some are left on $it.
        private string PrefixPaths(string inner, string variable) =>
            random.Next(4) == 0 ? inner : $"{variable}/{inner}".Replace($"{variable}/(", "(", StringComparison.Ordinal);

        public string Value(int depth)
        {
            var choice = depth <= 0 ? random.Next(3) : random.Next(7);
            return choice switch
            {
                0 => Path(),
                1 => Literal(),
                2 => random.Next(2) == 0 ? Path() : Literal(),
                3 => $"{Value(depth - 1)} {Pick(Arithmetic)} {Value(depth - 1)}",
                4 => Call(depth - 1),
                5 => $"-{Value(depth - 1)}",
                _ => $"({Value(depth - 1)})",
            };
        }

        private string Call(int depth)
        {
            var name = Pick(Functions);
            var (min, max) = FilterFunctions.Arity[name];
            var count = random.Next(8) == 0 ? random.Next(4) : min + random.Next(max - min + 1);
            var arguments = Enumerable.Range(0, count).Select(i => name switch
            {
                _ when name.StartsWith("geo", StringComparison.Ordinal) || name.StartsWith("st_", StringComparison.Ordinal) =>
                    i == 2 ? Pick(Patterns) : random.Next(2) == 0 ? GeometryPath() : Pick(Geometries),
                _ => depth > 0 && random.Next(3) == 0 ? Value(depth - 1) : random.Next(2) == 0 ? Path() : Literal(),
            });
            return $"{name}({string.Join(", ", arguments)})";
        }

        private string GeometryPath() => set.Properties.FirstOrDefault(p => p.Type == SensingValueType.Geometry)?.Name ?? Path();

        private string Path()
        {
            var current = set;
            var prefix = "";
            while (random.Next(3) == 0 && current.Navigations.Count > 0)
            {
                var navigation = Pick(current.Navigations);
                prefix += navigation.Name + "/";
                current = SensingSchema.TargetOf(navigation);
            }

            var property = Pick(current.Properties);
            var path = prefix + property.Name;
            if (property.Type is SensingValueType.Json or SensingValueType.Result && random.Next(2) == 0)
            {
                path += "/" + Pick(Members);
            }

            return path;
        }

        private string Literal() => random.Next(14) switch
        {
            0 => "null",
            1 => random.Next(2) == 0 ? "true" : "false",
            2 => random.Next(-100, 100).ToString(CultureInfo.InvariantCulture),
            3 => (random.NextDouble() * 100 - 50).ToString("0.###", CultureInfo.InvariantCulture),
            4 => "'" + Pick(Texts) + "'",
            5 => "2024-01-0" + random.Next(1, 9).ToString(CultureInfo.InvariantCulture) + "T12:00:00Z",
            6 => "2024-02-0" + random.Next(1, 9).ToString(CultureInfo.InvariantCulture),
            7 => "12:30:00",
            8 => "duration'P" + random.Next(0, 40).ToString(CultureInfo.InvariantCulture) + "DT2H'",
            9 => "2024-01-01T00:00:00Z/2024-01-0" + random.Next(2, 9).ToString(CultureInfo.InvariantCulture) + "T00:00:00Z",
            10 => Pick(Geometries),
            11 => Pick(Instants),
            12 => Pick(Extremes),
            _ => random.Next(0, 12).ToString(CultureInfo.InvariantCulture),
        };
    }
}
