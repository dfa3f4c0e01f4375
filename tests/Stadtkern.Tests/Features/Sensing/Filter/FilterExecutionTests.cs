using Stadtkern.Features.Sensing.Access;
using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Query.Filter;
using Stadtkern.Features.Sensing.Schema;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Sensing.Filter;

/// <summary>
/// Translated filters run against the real schema on both databases, over the rows seeded by <see cref="FilterDatabase"/>
/// (its comments name the data the expected ids come from).
/// </summary>
[Collection(FilterDatabaseGroup.Name)]
public sealed class FilterExecutionTests(FilterDatabases databases)
{
    private static readonly SensingEntitySet Things = SensingSchema.Things;
    private static readonly SensingEntitySet Observations = SensingSchema.Observations;
    private static readonly SensingEntitySet Locations = SensingSchema.Locations;
    private static readonly SensingEntitySet Datastreams = SensingSchema.Datastreams;

    private const string NearRathaus = "geography'POLYGON((9.95 53.5, 10.05 53.5, 10.05 53.6, 9.95 53.6, 9.95 53.5))'";

    private async Task AssertAsync(DatabaseProvider db, params (SensingEntitySet Set, string Filter, long[] Expected)[] cases)
    {
        var database = await databases.GetAsync(db);
        var failures = new List<string>();
        foreach (var (set, filter, expected) in cases)
        {
            var actual = await database.IdsAsync(set, filter, cancellationToken: TestContext.Current.CancellationToken);
            if (!actual.SequenceEqual(expected))
            {
                failures.Add($"{set.Name}?$filter={filter}: expected [{string.Join(",", expected)}] but got [{string.Join(",", actual)}]");
            }
        }

        failures.ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public Task Comparison_and_logical_operators_select_the_expected_rows(DatabaseProvider db) => AssertAsync(db,
        (Things, "name eq 'Bodenfeuchte Park'", [2]),
        (Things, "name ne 'Bodenfeuchte Park'", [1, 3, 4]),
        (Things, "name eq 'Parkhaus O''Neill'", [3]),
        (Things, "name gt 'P' and name lt 'X'", [1, 3]),
        (Observations, "result gt 15", [3, 4, 5]),
        (Observations, "result ge 20 and result lt 40", [3, 4]),
        (Observations, "result lt 0 or result eq 40", [2, 5]),
        (Observations, "not (result gt 0)", [2]),
        (Observations, "not result gt 0", [2]),
        (Observations, "result eq 'offen'", [6]),
        (Observations, "result eq true", [7]),
        (Observations, "result eq null", [9]),
        (Observations, "result ne null", [1, 2, 3, 4, 5, 6, 7, 8]),
        (Observations, "id in (1, 3, 5)", [1, 3, 5]),
        (Observations, "result in (12.5, 35)", [1, 4]),
        (Observations, "result/a eq 1 and result/b eq 'x'", [8]),
        (Things, "name in ('Status', 'Bodenfeuchte Park')", [2]),
        (Things, "@iot.id eq 4", [4]),
        (Things, "(id eq 1 or id eq 2) and not (id eq 2)", [1]));

    [Theory, DatabaseData]
    public Task Arithmetic_operators_compute_on_numbers(DatabaseProvider db) => AssertAsync(db,
        (Observations, "result add 5 gt 20", [3, 4, 5]),
        (Observations, "result sub 2 eq 10.5", [1]),
        (Observations, "result mul 2 eq 80", [5]),
        (Observations, "result div 2 eq 6.25", [1]),
        (Observations, "result mod 7 eq 6", [3]),
        (Observations, "result mod 7 eq -3", [2]),
        (Observations, "id mod 2 eq 0", [2, 4, 6, 8]),
        (Observations, "id div 2 eq 2", [4, 5]),
        (Observations, "-result gt 0", [2]),
        (Observations, "result div 0 eq 1", []),
        (Observations, "(id add 1) mul 2 eq 6", [2]),
        (Observations, "parameters/battery sub 3 gt 0.5", [1]));

    [Theory, DatabaseData]
    public Task String_functions_and_json_properties_select_the_expected_rows(DatabaseProvider db) => AssertAsync(db,
        (Things, "substringof('haus', name)", [1, 3]),
        (Things, "contains(name, 'Park')", [2, 3]),
        (Things, "startswith(name, 'Boden')", [2]),
        (Things, "endswith(name, 'Park')", [2]),
        (Things, "endswith(name, '')", [1, 2, 3, 4]),
        (Things, "length(name) eq 17", [2]),
        (Things, "indexof(name, 'Park') eq 0", [3]),
        (Things, "indexof(name, 'Park') eq 13", [2]),
        (Things, "substring(name, 13) eq 'Park'", [2]),
        (Things, "substring(name, 0, 5) eq 'Boden'", [2]),
        (Things, "toupper(name) eq 'WETTERSTATION RATHAUS'", [1]),
        (Things, "tolower(name) eq 'bodenfeuchte park'", [2]),
        (Things, "trim(concat('  ', name)) eq 'Bodenfeuchte Park'", [2]),
        (Things, "concat(concat(name, ' / '), description) eq 'Bodenfeuchte Park / Stadtpark, Wiese'", [2]),
        (Things, "properties/owner eq 'Stadt'", [1]),
        (Things, "tolower(properties/owner) eq 'stadt'", [1, 4]),
        (Things, "properties/floors gt 1", [1]),
        (Things, "properties/floors eq 'drei'", [4]),
        (Things, "properties/tags/kind eq 'soil'", [2]),
        (Things, "properties/active eq true", [1]),
        (Things, "properties/active", [1]),
        (Things, "properties/list/1 eq 6", [1]),
        (Things, "properties/owner eq null", [3]));

    [Theory, DatabaseData]
    public Task Date_and_time_functions_work_on_stored_instants_and_intervals(DatabaseProvider db) => AssertAsync(db,
        (Observations, "phenomenonTime ge 2024-02-01T00:00:00Z", [2, 3]),
        (Observations, "phenomenonTime ge 2024-02-01", [2, 3]),
        (Observations, "phenomenonTime lt 2024-01-03T00:00:00Z", [1, 4]),
        (Observations, "phenomenonTime le 2024-01-04T00:00:00Z", [1, 4, 5]),
        (Observations, "phenomenonTime eq 2024-01-03T00:00:00Z/2024-01-04T00:00:00Z", [5]),
        (Observations, "phenomenonTime eq 2024-01-03T01:00:00+01:00/P1D", [5]),
        (Observations, "phenomenonTime gt 2024-01-02T00:00:00Z/2024-01-05T00:00:00Z", [2, 3, 6, 7, 8, 9]),
        (Observations, "year(phenomenonTime) eq 2024 and month(phenomenonTime) eq 2", [2]),
        (Observations, "day(phenomenonTime) eq 15 and hour(phenomenonTime) eq 23 and minute(phenomenonTime) eq 30 and second(phenomenonTime) eq 15", [2]),
        (Observations, "fractionalseconds(phenomenonTime) eq 0.25", [2]),
        (Observations, "date(phenomenonTime) eq 2024-01-03", [5]),
        (Observations, "year(date(phenomenonTime)) eq 2024 and day(date(phenomenonTime)) eq 3", [5]),
        (Observations, "time(phenomenonTime) eq 12:00:00", [6]),
        (Observations, "time(phenomenonTime) gt 20:00:00", [2]),
        (Observations, "hour(time(phenomenonTime)) eq 23", [2]),
        (Observations, "phenomenonTime gt now() sub duration'P150D'", [2, 3, 6, 7, 8, 9]),
        (Observations, "phenomenonTime add duration'PT14H' eq 2024-01-02T00:00:00Z", [1]),
        (Observations, "resultTime sub phenomenonTime eq duration'PT0S'", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (Observations, "now() sub phenomenonTime lt duration'P100D'", [3]),
        (Observations, "totaloffsetminutes(phenomenonTime) eq 0", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (Observations, "phenomenonTime lt mindatetime()", []),
        (Observations, "phenomenonTime lt maxdatetime()", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (Datastreams, "phenomenonTime lt 2024-01-05T00:00:00Z", [2]),
        (Datastreams, "year(phenomenonTime) eq 2024", [1, 2]),
        (SensingSchema.HistoricalLocations, "time lt 2024-01-01T00:00:00Z", [1]));

    [Theory, DatabaseData]
    public Task Math_functions_round_half_away_from_zero(DatabaseProvider db) => AssertAsync(db,
        (Observations, "round(result) eq 13", [1]),
        (Observations, "round(result) eq -3", [2]),
        (Observations, "floor(result) eq 12", [1]),
        (Observations, "ceiling(result) eq 13", [1]),
        (Observations, "floor(result) eq -3 and ceiling(result) eq -3", [2]),
        (Things, "round(-2.5) eq -3 and round(2.5) eq 3 and floor(id) eq id", [1, 2, 3, 4]));

    [Theory, DatabaseData]
    public Task Geo_functions_select_the_expected_locations(DatabaseProvider db) => AssertAsync(db,
        (Locations, $"st_within(location, {NearRathaus})", [1]),
        (Locations, "geo.intersects(location, geography'POLYGON((9.95 53.5, 10.15 53.5, 10.15 53.65, 9.95 53.65, 9.95 53.5))')", [1, 2, 3]),
        (Locations, "st_intersects(location, geography'POLYGON((9.95 53.5, 10.15 53.5, 10.15 53.65, 9.95 53.65, 9.95 53.5))')", [1, 2, 3]),
        (Locations, "st_contains(location, geography'POINT(10.1 53.6)')", [2, 3]),
        (Locations, "st_equals(location, geography'POINT(10 53.55)')", [1]),
        (Locations, "st_disjoint(location, geography'POINT(10 53.55)')", [2, 4]),
        (Locations, "st_touches(location, geography'LINESTRING(9.9 53.4, 9.9 53.8)')", [3]),
        (Locations, "st_crosses(location, geography'LINESTRING(10.5 54.1, 11.5 54.1)')", [4]),
        (Locations, "st_overlaps(location, geography'POLYGON((10.1 53.6, 10.3 53.6, 10.3 53.8, 10.1 53.8, 10.1 53.6))')", [3]),
        (Locations, "st_relate(location, geography'SRID=4326;POINT(10 53.55)', 'T********')", [1, 3]),
        (Locations, "geo.distance(location, geography'POINT(10 53.55)') lt 0.2", [1, 2, 3]),
        (Locations, "geo.length(location) gt 0.2", [4]),
        (Datastreams, $"st_within(observedArea, {NearRathaus})", [1]),
        (SensingSchema.FeaturesOfInterest, "st_equals(feature, geography'POINT(10 53.55)')", [1]),
        (Things, $"Locations/any(l: st_within(l/location, {NearRathaus}))", [1]));

    [Theory, DatabaseData]
    public Task Navigation_paths_and_lambdas_follow_the_relations(DatabaseProvider db) => AssertAsync(db,
        (Observations, "Datastream/name eq 'Status'", [6, 7, 8, 9]),
        (Observations, "Datastream/Thing/name eq 'Bodenfeuchte Park'", [4, 5]),
        (Observations, "Datastream/Thing/properties/owner eq 'Stadt'", [1, 2, 3]),
        (Observations, "Datastream/ObservedProperty/name eq 'Lufttemperatur' and result gt 15", [3]),
        (Observations, "FeatureOfInterest/name eq 'Rathaus'", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        (Things, "Datastreams/any(d: d/name eq 'Status')", [3]),
        (Things, "Datastreams/any()", [1, 2, 3]),
        (Things, "Datastreams/all(d: d/properties/height gt 5)", [1, 4]),
        (Things, "Datastreams/name eq 'Status'", [3]),
        (Things, "Datastreams/any(d: d/Observations/any(o: o/result gt 30))", [2]),
        (Things, "Datastreams/Observations/any(o: o/result lt 0)", [1]),
        (Things, "Datastreams/any(d: d/Observations/result lt 0 and $it/name ne 'x')", [1]),
        (Locations, "Things/any(t: t/name eq 'Wetterstation Rathaus')", [1, 3]),
        (SensingSchema.HistoricalLocations, "Thing/name eq 'Bodenfeuchte Park'", [2]),
        (SensingSchema.HistoricalLocations, "Locations/any(l: l/name eq 'Rathaus')", [1]),
        (Datastreams, "Thing/Locations/any(l: l/name eq 'Parkhaus')", [1, 3]),
        (Datastreams, "Observations/any(o: o/result eq 'offen')", [3]),
        (SensingSchema.Sensors, "Datastreams/any(d: d/Thing/name eq 'Parkhaus O''Neill')", [1]),
        (SensingSchema.ObservedProperties, "Datastreams/any()", [1, 2]));

    [Theory, DatabaseData]
    public async Task Orderby_sorts_by_any_expression_with_nulls_as_largest(DatabaseProvider db)
    {
        var database = await databases.GetAsync(db);
        var ct = TestContext.Current.CancellationToken;
        (await database.IdsAsync(Things, null, "name asc", ct)).ShouldBe([2, 3, 1, 4]);
        (await database.IdsAsync(Observations, null, "phenomenonTime desc", ct)).ShouldBe([3, 2, 9, 8, 7, 6, 5, 4, 1]);
        (await database.IdsAsync(Observations, null, "result desc", ct)).ShouldBe([8, 9, 6, 5, 4, 3, 1, 7, 2]);
        (await database.IdsAsync(Observations, null, "Datastream/name, result desc", ct)).ShouldBe([5, 4, 8, 9, 6, 7, 3, 1, 2]);
        (await database.IdsAsync(Locations, null, "geo.distance(location, geography'POINT(10 53.55)')", ct)).ShouldBe([1, 3, 2, 4]);
        (await database.IdsAsync(Observations, "result ne null", "result mod 7 desc", ct)).ShouldBe([6, 7, 8, 3, 1, 5, 4, 2]);
    }

    [Theory, DatabaseData]
    public async Task Filter_and_orderby_share_one_parameter_list(DatabaseProvider db)
    {
        var database = await databases.GetAsync(db);
        var ids = await database.IdsAsync(Locations, "geo.distance(location, geography'POINT(10 53.55)') lt 0.5", "geo.distance(location, geography'POINT(10.1 53.6)') desc", TestContext.Current.CancellationToken);
        ids.ShouldBe([1, 2, 3]);
    }

    [Theory, DatabaseData]
    public async Task A_row_guard_hides_navigated_rows_from_paths_and_lambdas(DatabaseProvider db)
    {
        var database = await databases.GetAsync(db);
        SensingRowGuard hideFirstDatastream = (set, alias, parameters) =>
            set == SensingSchema.Datastreams ? $"{alias}.id <> {parameters.Add(1L)}" : null;
        async Task<long[]> Ids(SensingEntitySet set, string filter, SensingRowGuard? guard)
        {
            var parameters = new SqlParameters(db);
            var where = database.Translator.Translate(filter, set, "e", parameters, guard);
            return await database.QueryIdsAsync($"SELECT e.id FROM {set.Table} e WHERE {where} ORDER BY e.id", parameters, TestContext.Current.CancellationToken);
        }

        (await Ids(Observations, "Datastream/name eq 'Temperatur Rathaus'", null)).ShouldBe([1, 2, 3]);
        (await Ids(Observations, "Datastream/name eq 'Temperatur Rathaus'", hideFirstDatastream)).ShouldBeEmpty();
        (await Ids(Things, "Datastreams/any()", hideFirstDatastream)).ShouldBe([2, 3]);
        (await Ids(Things, "Datastreams/all(d: d/properties/height gt 5)", hideFirstDatastream)).ShouldBe([1, 4]);
        (await Ids(Things, "Datastreams/name eq 'Temperatur Rathaus'", hideFirstDatastream)).ShouldBeEmpty();
    }

    [Theory, DatabaseData]
    public async Task The_query_builder_interface_adds_the_visibility_predicate_to_navigated_rows(DatabaseProvider db)
    {
        var database = await databases.GetAsync(db);
        ISensingFilterTranslator filters = database.Translator;
        ISensingOrderByTranslator orders = database.Translator;
        async Task<long[]> Ids(SensingEntitySet set, string filter, string orderBy, Guid tenant)
        {
            var visibility = SensingVisibility.Everything(tenant);
            var parameters = new SqlParameters(db);
            var where = filters.Translate(filter, set, "e0", parameters, visibility);
            var order = orders.TranslateOrderBy(orderBy, set, "e0", parameters, visibility);
            return await database.QueryIdsAsync($"SELECT e0.id FROM {set.Table} e0 WHERE {where} ORDER BY {order}, e0.id", parameters, TestContext.Current.CancellationToken);
        }

        (await Ids(Observations, "Datastream/name eq 'Status'", "Datastream/Thing/name desc", FilterDatabase.Tenant)).ShouldBe([6, 7, 8, 9]);
        (await Ids(Observations, "Datastream/Thing/id ge 1", "Datastream/Thing/name desc", FilterDatabase.Tenant)).ShouldBe([1, 2, 3, 6, 7, 8, 9, 4, 5]);
        (await Ids(Observations, "Datastream/name eq 'Status'", "result", Guid.NewGuid())).ShouldBeEmpty();
        (await Ids(Things, "Datastreams/any()", "name", Guid.NewGuid())).ShouldBeEmpty();
    }
}
