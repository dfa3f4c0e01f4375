using Stadtkern.Features.Sensing.Query;
using Stadtkern.Features.Sensing.Query.Filter;

namespace Stadtkern.Tests.Features.Sensing.Filter;

public sealed class FilterParserTests
{
    private static FilterNode Parse(string text) => FilterParser.ParseFilter(text);

    /// <summary>A compact, fully parenthesised rendering of the tree, to assert structure and precedence.</summary>
    private static string Show(FilterNode node) => node switch
    {
        LiteralNode { Kind: LiteralKind.String } l => $"'{l.Value}'",
        LiteralNode { Kind: LiteralKind.Null } => "null",
        LiteralNode l => $"{l.Kind}:{Convert.ToString(l.Value, System.Globalization.CultureInfo.InvariantCulture)}",
        PathNode p => p.ToString(),
        UnaryNode u => $"({u.Operator.ToString().ToLowerInvariant()} {Show(u.Operand)})",
        BinaryNode b => $"({Show(b.Left)} {b.Operator.ToString().ToLowerInvariant()} {Show(b.Right)})",
        InNode i => $"({Show(i.Left)} in [{string.Join(", ", i.Items.Select(Show))}])",
        FunctionNode f => $"{f.Name}({string.Join(", ", f.Arguments.Select(Show))})",
        LambdaNode l => $"{l.Collection}/{(l.IsAll ? "all" : "any")}({l.Variable}: {(l.Predicate is null ? "" : Show(l.Predicate))})",
        _ => "?",
    };

    [Theory]
    [InlineData("a eq 1 or b eq 2 and c eq 3", "((a eq Integer:1) or ((b eq Integer:2) and (c eq Integer:3)))")]
    [InlineData("(a eq 1 or b eq 2) and c eq 3", "(((a eq Integer:1) or (b eq Integer:2)) and (c eq Integer:3))")]
    [InlineData("not a eq 1 and b ne 2", "((not (a eq Integer:1)) and (b ne Integer:2))")]
    [InlineData("a gt 1 and a ge 2 and a lt 3 and a le 4", "((((a gt Integer:1) and (a ge Integer:2)) and (a lt Integer:3)) and (a le Integer:4))")]
    [InlineData("a add 2 mul 3 sub 4 eq 5", "(((a add (Integer:2 mul Integer:3)) sub Integer:4) eq Integer:5)")]
    [InlineData("a div 2 mod 3 eq -1", "(((a div Integer:2) mod Integer:3) eq Integer:-1)")]
    [InlineData("-a eq 1", "((negate a) eq Integer:1)")]
    [InlineData("a in (1, 'x', null)", "(a in [Integer:1, 'x', null])")]
    [InlineData("A EQ 1 AND B Eq 2", "((A eq Integer:1) and (B eq Integer:2))")]
    public void Operators_parse_with_odata_precedence(string filter, string expected) => Show(Parse(filter)).ShouldBe(expected);

    [Theory]
    [InlineData("a eq 'it''s'", "(a eq 'it's')")]
    [InlineData("a eq ''", "(a eq '')")]
    [InlineData("a eq 42", "(a eq Integer:42)")]
    [InlineData("a eq 42L", "(a eq Integer:42)")]
    [InlineData("a eq 4.5", "(a eq Number:4.5)")]
    [InlineData("a eq 4.5m", "(a eq Number:4.5)")]
    [InlineData("a eq 1e3", "(a eq Number:1000)")]
    [InlineData("a eq -2.5E-1d", "(a eq Number:-0.25)")]
    [InlineData("a eq 99999999999999999999", "(a eq Number:1E+20)")]
    [InlineData("a eq true and b eq FALSE", "((a eq Boolean:True) and (b eq Boolean:False))")]
    [InlineData("a eq null", "(a eq null)")]
    public void Literals_parse_to_typed_values(string filter, string expected) => Show(Parse(filter)).ShouldBe(expected);

    [Fact]
    public void Date_time_literals_are_instants_in_utc()
    {
        var node = (BinaryNode)Parse("phenomenonTime gt 2024-03-01T13:30:00.5+02:00");
        var literal = (LiteralNode)node.Right;
        literal.Kind.ShouldBe(LiteralKind.DateTime);
        literal.Value.ShouldBe(new DateTimeOffset(2024, 3, 1, 11, 30, 0, 500, TimeSpan.Zero));
        ((DateTimeOffset)literal.Value!).Offset.ShouldBe(TimeSpan.Zero);

        ((LiteralNode)((BinaryNode)Parse("t gt 2024-03-01T13:30Z")).Right).Value.ShouldBe(new DateTimeOffset(2024, 3, 1, 13, 30, 0, TimeSpan.Zero));
        ((LiteralNode)((BinaryNode)Parse("t gt 2024-03-01T13:30:00")).Right).Value.ShouldBe(new DateTimeOffset(2024, 3, 1, 13, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Dates_times_of_day_durations_and_intervals_parse()
    {
        ((LiteralNode)((BinaryNode)Parse("date(t) eq 2024-02-29")).Right).Value.ShouldBe(new DateOnly(2024, 2, 29));
        ((LiteralNode)((BinaryNode)Parse("time(t) eq 07:59:59.25")).Right).Value.ShouldBe(new TimeOnly(7, 59, 59, 250));
        ((LiteralNode)((BinaryNode)Parse("d eq duration'P1DT2H30M'")).Right).Value.ShouldBe(new TimeSpan(1, 2, 30, 0));
        ((LiteralNode)((BinaryNode)Parse("d eq duration'-PT0.5S'")).Right).Value.ShouldBe(TimeSpan.FromMilliseconds(-500));
        var interval = (LiteralNode)((BinaryNode)Parse("t eq 2024-01-01T00:00:00Z/2024-01-02T00:00:00Z")).Right;
        interval.Kind.ShouldBe(LiteralKind.Interval);
        interval.Value.ShouldBe(new TimeInterval(new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero)));
        var byDuration = (LiteralNode)((BinaryNode)Parse("t eq 2024-01-01T00:00:00Z/PT6H")).Right;
        byDuration.Value.ShouldBe(new TimeInterval(new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2024, 1, 1, 6, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Geometry_literals_are_checked_and_normalised_wkt()
    {
        var literal = (LiteralNode)((FunctionNode)Parse("st_within(location, geography'POINT (10 53.5)')")).Arguments[1];
        literal.Kind.ShouldBe(LiteralKind.Geometry);
        literal.Value.ShouldBe("POINT (10 53.5)");
        ((LiteralNode)((FunctionNode)Parse("st_within(location, geometry'SRID=4326;LINESTRING(1 2, 3 4)')")).Arguments[1]).Value.ShouldBe("LINESTRING (1 2, 3 4)");
    }

    [Theory]
    [InlineData("Datastream/Thing/name eq 'x'", "(Datastream/Thing/name eq 'x')")]
    [InlineData("properties/owner/id eq 1", "(properties/owner/id eq Integer:1)")]
    [InlineData("properties/values/0 eq 1", "(properties/values/0 eq Integer:1)")]
    [InlineData("Datastreams/any(d: d/name eq 'x')", "Datastreams/any(d: (d/name eq 'x'))")]
    [InlineData("Datastreams/all(d: d/Observations/any(o: o/result gt 1))", "Datastreams/all(d: d/Observations/any(o: (o/result gt Integer:1)))")]
    [InlineData("Datastreams/any()", "Datastreams/any(: )")]
    public void Paths_and_lambdas_parse(string filter, string expected) => Show(Parse(filter)).ShouldBe(expected);

    [Theory]
    [InlineData("substringof('a', name)")]
    [InlineData("contains(name, 'a')")]
    [InlineData("endswith(name, 'a')")]
    [InlineData("startswith(name, 'a')")]
    [InlineData("length(name) eq 1")]
    [InlineData("indexof(name, 'a') eq 1")]
    [InlineData("substring(name, 1) eq 'a'")]
    [InlineData("substring(name, 1, 2) eq 'a'")]
    [InlineData("tolower(name) eq 'a'")]
    [InlineData("toupper(name) eq 'a'")]
    [InlineData("trim(name) eq 'a'")]
    [InlineData("concat(name, 'a') eq 'a'")]
    [InlineData("year(t) eq 1 and month(t) eq 1 and day(t) eq 1 and hour(t) eq 1 and minute(t) eq 1 and second(t) eq 1")]
    [InlineData("fractionalseconds(t) eq 0.5 and date(t) eq 2020-01-01 and time(t) eq 10:00 and totaloffsetminutes(t) eq 0")]
    [InlineData("t lt now() and t gt mindatetime() and t lt maxdatetime()")]
    [InlineData("round(r) eq 1 and floor(r) eq 1 and ceiling(r) eq 1")]
    [InlineData("geo.distance(location, geography'POINT(1 2)') lt 1 and geo.length(location) gt 1")]
    [InlineData("geo.intersects(location, geography'POINT(1 2)')")]
    [InlineData("st_equals(location, geography'POINT(1 2)') or st_disjoint(location, geography'POINT(1 2)') or st_touches(location, geography'POINT(1 2)')")]
    [InlineData("st_within(location, geography'POINT(1 2)') or st_overlaps(location, geography'POINT(1 2)') or st_crosses(location, geography'POINT(1 2)')")]
    [InlineData("st_intersects(location, geography'POINT(1 2)') or st_contains(location, geography'POINT(1 2)')")]
    [InlineData("st_relate(location, geography'POINT(1 2)', 'T*F**FFF*')")]
    [InlineData("GEO.DISTANCE(location, geography'POINT(1 2)') lt 1")]
    public void Every_function_parses(string filter) => Should.NotThrow(() => Parse(filter));

    [Theory]
    [InlineData("", 0, "empty")]
    [InlineData("name eq", 7, "expected a value")]
    [InlineData("name eq 'abc", 8, "not closed")]
    [InlineData("name eq 'a' and", 15, "expected a value")]
    [InlineData("(name eq 'a'", 12, "expected ')'")]
    [InlineData("name eq 'a')", 11, "expected end of the expression")]
    [InlineData("name eq 'a' # 1", 12, "unexpected character '#'")]
    [InlineData("frobnicate(name) eq 1", 0, "unknown function 'frobnicate'")]
    [InlineData("length(name, 2) eq 1", 0, "takes 1 argument")]
    [InlineData("name eq 2024-13-01", 8, "not a valid date")]
    [InlineData("name eq 2024-02-30T10:00:00Z", 8, "not a valid ISO 8601 date-time")]
    [InlineData("d eq duration'P1X'", 14, "not an ISO 8601 duration")]
    [InlineData("d eq interval'P1D'", 5, "unknown literal type 'interval'")]
    [InlineData("st_within(location, geography'POINT(1)')", 30, "not valid WKT")]
    [InlineData("st_within(location, geography'SRID=3857;POINT(1 2)')", 30, "only SRID=4326")]
    [InlineData("st_within(location, geography'POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))')", 30, "not valid")]
    [InlineData("t eq 2024-01-02T00:00:00Z/2024-01-01T00:00:00Z", 5, "ends before it starts")]
    [InlineData("Datastreams/any(d d/name eq 'x')", 18, "expected ':'")]
    [InlineData("Datastreams/all()", 12, "all() needs")]
    [InlineData("a in ()", 2, "in list is empty")]
    [InlineData("a/ 'x' eq 1", 3, "expected a property name")]
    [InlineData("a eq 1L1", 7, "expected end")]
    [InlineData("a eq 99999999999999999999L", 5, "64-bit")]
    public void Syntax_errors_name_their_position(string filter, int position, string message)
    {
        var error = Should.Throw<SensingQueryException>(() => Parse(filter));
        error.Message.ShouldContain(message);
        if (filter.Length > 0)
        {
            error.Message.ShouldContain($"position {position}:");
        }
    }

    [Fact]
    public void Hostile_nesting_and_size_are_rejected_cheaply()
    {
        Should.Throw<SensingQueryException>(() => Parse(new string('(', 5000) + "a eq 1" + new string(')', 5000))).Message.ShouldContain("longer than");
        Should.Throw<SensingQueryException>(() => Parse(new string('(', 200) + "a eq 1" + new string(')', 200))).Message.ShouldContain("nested deeper");
        Should.Throw<SensingQueryException>(() => Parse(string.Concat(Enumerable.Repeat("not ", 500)) + "a")).Message.ShouldContain("nested deeper");
        Should.Throw<SensingQueryException>(() => Parse(string.Concat(Enumerable.Repeat("-", 500)) + "1 eq a")).Message.ShouldContain("nested deeper");
        Should.Throw<SensingQueryException>(() => Parse(string.Join(" and ", Enumerable.Repeat("a", 400)))).Message.ShouldContain("in a row");
        Parse(string.Join(" or ", Enumerable.Repeat("a eq 1", 90))).ShouldBeOfType<BinaryNode>();
        Should.Throw<SensingQueryException>(() => Parse("a in (" + string.Join(",", Enumerable.Range(0, 1200)) + ")")).Message.ShouldContain("more than");
    }

    [Fact]
    public void Orderby_lists_expressions_with_directions()
    {
        var items = FilterParser.ParseOrderBy("result desc, geo.distance(location, geography'POINT(1 2)') asc, name");
        items.Count.ShouldBe(3);
        items[0].Descending.ShouldBeTrue();
        Show(items[1].Expression).ShouldBe("geo.distance(location, Geometry:POINT (1 2))");
        items[1].Descending.ShouldBeFalse();
        items[2].Descending.ShouldBeFalse();
        Should.Throw<SensingQueryException>(() => FilterParser.ParseOrderBy("name sideways")).Message.ShouldContain("position 5");
    }
}
