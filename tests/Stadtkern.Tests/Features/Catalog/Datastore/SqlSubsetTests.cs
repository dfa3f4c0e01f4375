using Stadtkern.Features.Catalog.Datastore.Sql;

namespace Stadtkern.Tests.Features.Catalog.Datastore;

public sealed class SqlSubsetTests
{
    [Theory]
    [InlineData("SELECT * FROM \"5d1f1c0e-0000-0000-0000-000000000000\"")]
    [InlineData("select art, count(*) as n, avg(hoehe) from \"5d1f1c0e-0000-0000-0000-000000000000\" t where hoehe > 3.5 and (art like 'L%' or art in ('Eiche', 'Buche')) and not gepflanzt is null group by art having count(*) > 1 order by n desc, 1 limit 10 offset 5")]
    [InlineData("SELECT \"art\" FROM \"5d1f1c0e-0000-0000-0000-000000000000\" WHERE hoehe BETWEEN 1 AND 2 OR art NOT ILIKE '%x%'")]
    public void The_safe_subset_parses(string sql)
    {
        Should.NotThrow(() => ParseSelect.Parse(sql));
    }

    [Theory]
    [InlineData("DROP TABLE x")]
    [InlineData("SELECT * FROM \"a\"; DELETE FROM \"a\"")]
    [InlineData("SELECT pg_sleep(10) FROM \"a\"")]
    [InlineData("SELECT * FROM sqlite_master")]
    [InlineData("SELECT * FROM \"a\" -- comment")]
    [InlineData("SELECT * FROM \"a\" /* c */")]
    [InlineData("SELECT * FROM \"a\" WHERE x IN (SELECT name FROM pg_tables)")]
    [InlineData("SELECT * FROM (SELECT 1) s")]
    [InlineData("SELECT * FROM \"a\", \"b\"")]
    [InlineData("SELECT * FROM \"a\" UNION SELECT * FROM \"b\"")]
    [InlineData("SELECT * FROM \"a\" WHERE x = $1")]
    [InlineData("WITH x AS (SELECT 1) SELECT * FROM x")]
    [InlineData("SELECT * FROM \"a\" WHERE x = 'open")]
    [InlineData("SELECT current_setting('x') FROM \"a\"")]
    public void Anything_beyond_the_subset_is_rejected(string sql)
    {
        Should.Throw<SqlRejectedException>(() => ParseSelect.Parse(sql));
    }
}
