using System.Reflection;
using Stadtkern.Platform.Persistence;
using Xunit.Sdk;
using Xunit.v3;

namespace Stadtkern.Tests.Infrastructure;

/// <summary>
/// Runs a data test once per database: SQLite always, PostgreSQL when <c>STADTKERN_TEST_POSTGRES</c>
/// is set. Without it the PostgreSQL row is reported as skipped (never silently absent); with
/// <c>STADTKERN_TEST_REQUIRE_POSTGRES=1</c> (set by scripts/test) it is never skipped.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class DatabaseDataAttribute : DataAttribute
{
    public override ValueTask<IReadOnlyCollection<ITheoryDataRow>> GetData(MethodInfo testMethod, DisposalTracker disposalTracker)
    {
        IReadOnlyCollection<ITheoryDataRow> rows =
        [
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Sqlite),
            new TheoryDataRow<DatabaseProvider>(DatabaseProvider.Postgres) { Skip = TestDatabases.PostgresSkipReason },
        ];
        return new(rows);
    }

    public override bool SupportsDiscoveryEnumeration() => true;
}
