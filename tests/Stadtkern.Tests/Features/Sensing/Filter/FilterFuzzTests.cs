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
                    ? translator.TranslateOrderBy(text["$orderby=".Length..], set, "e", parameters, guard: null)
                    : translator.Translate(text, set, "e", parameters, guard: null);
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
                    ? $"SELECT e.id FROM {set.Table} e ORDER BY {translator.TranslateOrderBy(text["$orderby=".Length..], set, "e", parameters, guard: null)} LIMIT 50"
                    : $"SELECT e.id FROM {set.Table} e WHERE {translator.Translate(text, set, "e", parameters, guard: null)} LIMIT 50";
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

    /// <summary>
    /// Random, mostly well-typed expressions over one entity set's properties, to-one navigations, lambdas over collections and every
    /// function of the language; one choice in ten ignores the types, to exercise the type errors too.
    /// </summary>
    private sealed class Generator(Random random, SensingEntitySet set, string prefix = "", int variables = 0)
    {
        private enum Kind
        {
            Number,
            Text,
            Time,
            Duration,
            Geometry,
            Condition,
        }

        private static readonly Kind[] Comparable = [Kind.Number, Kind.Text, Kind.Time, Kind.Duration];
        private static readonly string[] Comparisons = ["eq", "ne", "gt", "ge", "lt", "le"];
        private static readonly string[] Arithmetic = ["add", "sub", "mul", "div", "mod"];
        private static readonly string[] Directions = ["", " asc", " desc"];
        private static readonly string[] Patterns = ["'T********'", "'FF*FF****'", "'bad'"];
        private static readonly string[] NumberMembers = ["floors", "list/1", "battery", "a", "height", "depth"];
        private static readonly string[] TextMembers = ["owner", "tags/kind", "b", "name"];
        private static readonly string[] Texts = ["Status", "Rathaus", "it''s", "", "offen", "x", "Stadt", "%_\\"];
        private static readonly string[] Instants = ["now()", "mindatetime()", "maxdatetime()"];
        private static readonly string[] Extremes = ["9223372036854775807", "-9223372036854775808", "1e300", "0", "-1"];
        private static readonly string[] TextFunctions = ["tolower", "toupper", "trim"];
        private static readonly string[] TimeParts = ["year", "month", "day", "hour", "minute", "second", "fractionalseconds", "totaloffsetminutes"];
        private static readonly string[] Rounding = ["round", "floor", "ceiling"];
        private static readonly string[] StringTests = ["substringof", "contains", "startswith", "endswith"];
        private static readonly string[] Relations = ["st_equals", "st_disjoint", "st_touches", "st_within", "st_overlaps", "st_crosses", "st_intersects", "st_contains", "geo.intersects"];
        private static readonly string[] Geometries =
        [
            "geography'POINT(10 53.55)'", "geography'LINESTRING(9.9 53.4, 9.9 53.8)'",
            "geography'POLYGON((9.95 53.5, 10.05 53.5, 10.05 53.6, 9.95 53.6, 9.95 53.5))'", "geometry'SRID=4326;MULTIPOINT((1 2), (3 4))'",
            "geography'POINT EMPTY'",
        ];

        private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

        private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

        public string OrderBy() => string.Join(", ", Enumerable.Range(0, 1 + random.Next(3)).Select(_ =>
            Value(Pick(Comparable), 2) + Pick(Directions)));

        public string Boolean(int depth) => Value(Kind.Condition, depth);

        private string Value(Kind kind, int depth)
        {
            if (random.Next(10) == 0)
            {
                kind = (Kind)random.Next(6);
            }

            if (depth <= 0)
            {
                return random.Next(2) == 0 ? Path(kind) : Literal(kind);
            }

            var d = depth - 1;
            switch (kind)
            {
                case Kind.Number:
                    return random.Next(9) switch
                    {
                        0 or 1 => Path(kind),
                        2 => Literal(kind),
                        3 => $"{Value(kind, d)} {Pick(Arithmetic)} {Value(kind, d)}",
                        4 => random.Next(2) == 0 ? $"length({Value(Kind.Text, d)})" : $"indexof({Value(Kind.Text, d)}, {Value(Kind.Text, d)})",
                        5 => $"{Pick(TimeParts)}({Value(Kind.Time, d)})",
                        6 => $"{Pick(Rounding)}({Value(kind, d)})",
                        7 => random.Next(2) == 0 ? $"geo.distance({Value(Kind.Geometry, d)}, {Value(Kind.Geometry, d)})" : $"geo.length({Value(Kind.Geometry, d)})",
                        _ => random.Next(2) == 0 ? $"-{Value(kind, d)}" : $"({Value(kind, d)})",
                    };
                case Kind.Text:
                    return random.Next(6) switch
                    {
                        0 or 1 => Path(kind),
                        2 => Literal(kind),
                        3 => $"{Pick(TextFunctions)}({Value(kind, d)})",
                        4 => $"concat({Value(kind, d)}, {Value(kind, d)})",
                        _ => random.Next(2) == 0
                            ? $"substring({Value(kind, d)}, {Value(Kind.Number, d)})"
                            : $"substring({Value(kind, d)}, {Value(Kind.Number, d)}, {Value(Kind.Number, d)})",
                    };
                case Kind.Time:
                    return random.Next(5) switch
                    {
                        0 or 1 => Path(kind),
                        2 => Literal(kind),
                        3 => $"{Value(kind, d)} {(random.Next(2) == 0 ? "add" : "sub")} {Value(Kind.Duration, d)}",
                        _ => Pick(Instants),
                    };
                case Kind.Duration:
                    return random.Next(3) switch
                    {
                        0 => Literal(kind),
                        1 => $"{Value(Kind.Time, d)} sub {Value(Kind.Time, d)}",
                        _ => $"{Value(kind, d)} add {Value(kind, d)}",
                    };
                case Kind.Geometry:
                    return random.Next(2) == 0 ? Path(kind) : Literal(kind);
                default:
                    return random.Next(13) switch
                    {
                        0 or 1 or 2 => Comparison(d),
                        3 => $"{Value(kind, d)} and {Value(kind, d)}",
                        4 => $"{Value(kind, d)} or {Value(kind, d)}",
                        5 => $"not ({Value(kind, d)})",
                        6 => $"{Pick(StringTests)}({Value(Kind.Text, d)}, {Value(Kind.Text, d)})",
                        7 => $"{Pick(Relations)}({Value(Kind.Geometry, d)}, {Value(Kind.Geometry, d)})",
                        8 => $"st_relate({Value(Kind.Geometry, d)}, {Value(Kind.Geometry, d)}, {Pick(Patterns)})",
                        9 => In(d),
                        10 or 11 => Lambda(d),
                        _ => $"({Value(kind, d)})",
                    };
            }
        }

        private string Comparison(int depth)
        {
            var kind = Pick(Comparable);
            var right = random.Next(12) == 0 ? "null" : Value(kind, depth);
            return $"{Value(kind, depth)} {Pick(Comparisons)} {right}";
        }

        private string In(int depth)
        {
            var kind = random.Next(2) == 0 ? Kind.Number : Kind.Text;
            return $"{Value(kind, depth)} in ({string.Join(", ", Enumerable.Range(0, 1 + random.Next(4)).Select(_ => Literal(kind)))})";
        }

        private string Lambda(int depth)
        {
            var collections = set.Navigations.Where(n => n.IsCollection).ToList();
            if (collections.Count == 0)
            {
                return Comparison(depth);
            }

            var navigation = Pick(collections);
            if (random.Next(5) == 0)
            {
                return $"{prefix}{navigation.Name}/any()";
            }

            var variable = "v" + Number(variables + 1);
            var inner = new Generator(random, SensingSchema.TargetOf(navigation), variable + "/", variables + 1).Boolean(depth);
            return $"{prefix}{navigation.Name}/{(random.Next(3) == 0 ? "all" : "any")}({variable}: {inner})";
        }

        /// <summary>A property of the wanted kind, sometimes through to-one navigations; a literal when the entity has none.</summary>
        private string Path(Kind kind)
        {
            var current = set;
            var path = prefix;
            while (random.Next(3) == 0)
            {
                var toOne = current.Navigations.Where(n => !n.IsCollection).ToList();
                if (toOne.Count == 0)
                {
                    break;
                }

                var navigation = Pick(toOne);
                path += navigation.Name + "/";
                current = SensingSchema.TargetOf(navigation);
            }

            var candidates = current.Properties.Where(p => Fits(p.Type, kind)).ToList();
            if (candidates.Count == 0)
            {
                return Literal(kind);
            }

            var property = Pick(candidates);
            path += property.Name;
            if (property.Type is SensingValueType.Json || (property.Type is SensingValueType.Result && random.Next(4) == 0))
            {
                path += "/" + (kind switch
                {
                    Kind.Number => Pick(NumberMembers),
                    Kind.Condition => "active",
                    _ => Pick(TextMembers),
                });
            }

            return path;
        }

        private static bool Fits(SensingValueType type, Kind kind) => (type, kind) switch
        {
            (SensingValueType.Id or SensingValueType.Number or SensingValueType.Json or SensingValueType.Result, Kind.Number) => true,
            (SensingValueType.String or SensingValueType.Json or SensingValueType.Result, Kind.Text) => true,
            (SensingValueType.Time or SensingValueType.TimeInterval, Kind.Time) => true,
            (SensingValueType.Geometry, Kind.Geometry) => true,
            (SensingValueType.Json or SensingValueType.Result, Kind.Condition) => true,
            _ => false,
        };

        private string Literal(Kind kind) => kind switch
        {
            Kind.Number => random.Next(6) switch
            {
                0 => Pick(Extremes),
                1 => (random.NextDouble() * 100 - 50).ToString("0.###", CultureInfo.InvariantCulture),
                _ => Number(random.Next(-5, 45)),
            },
            Kind.Text => "'" + Pick(Texts) + "'",
            Kind.Time => random.Next(4) switch
            {
                0 => "2024-01-0" + Number(random.Next(1, 9)) + "T12:00:00Z",
                1 => "2024-02-0" + Number(random.Next(1, 9)),
                2 => "2024-01-01T00:00:00Z/2024-01-0" + Number(random.Next(2, 9)) + "T00:00:00Z",
                _ => "2024-03-01T10:00:00+01:00/P" + Number(random.Next(1, 9)) + "D",
            },
            Kind.Duration => "duration'P" + Number(random.Next(0, 40)) + "DT2H'",
            Kind.Geometry => Pick(Geometries),
            _ => random.Next(3) switch
            {
                0 => "true",
                1 => "false",
                _ => "null",
            },
        };
    }
}
