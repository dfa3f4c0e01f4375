using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stadtkern.Features.Reports.Import;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Reports.Import;

public sealed class ImportReportsTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The real Konstanz export next to the repository (../shared/data/reports), found from the test's folder upwards.</summary>
    internal static string? KonstanzCsv()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "reports", "konstanz-train.csv");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [Theory, DatabaseData]
    public async Task Importing_the_konstanz_history_twice_adds_nothing_the_second_time(DatabaseProvider db)
    {
        var csv = KonstanzCsv();
        Assert.SkipWhen(csv is null, "konstanz-train.csv is not next to the repository (../shared/data/reports).");
        var app = await fixture.StartAsync(db);

        ImportSummary first, second;
        await using (var scope = await app.TenantScopeAsync())
        {
            using var reader = new StreamReader(csv!);
            first = await scope.ServiceProvider.GetRequiredService<ImportReports>().RunAsync(reader, Ct);
        }

        await using (var scope = await app.TenantScopeAsync())
        {
            using var reader = new StreamReader(csv!);
            second = await scope.ServiceProvider.GetRequiredService<ImportReports>().RunAsync(reader, Ct);
        }

        // Count the CSV independently of the importer: distinct ids, categories and departments.
        var rows = CsvRows.Read(new StringReader(await File.ReadAllTextAsync(csv!, Ct))).Skip(1).Where(r => r.Length >= 4).ToList();
        first.Rows.ShouldBe(rows.Count);
        first.Imported.ShouldBe(rows.Select(r => r[0]).Distinct().Count());
        first.Invalid.ShouldBe(0);
        first.ServicesCreated.ShouldBe(rows.Select(r => r[2]).Where(c => c.Length > 0).Distinct().Count());
        second.Imported.ShouldBe(0);
        second.AlreadyPresent.ShouldBe(first.Imported);
        second.ServicesCreated.ShouldBe(0);
        second.DepartmentsCreated.ShouldBe(0);

        await using var check = await app.TenantScopeAsync();
        var dbx = check.ServiceProvider.GetRequiredService<StadtkernDb>();
        (await dbx.Set<Report>().CountAsync(r => r.Source == "import", Ct)).ShouldBe(first.Imported);
        (await dbx.Set<Report>().CountAsync(r => r.Source == "import" && (r.Status != "closed" || r.RoutingMode != "import"), Ct)).ShouldBe(0);

        // The category lookup: the department a category went to most often.
        var sample = rows[0];
        var expected = rows.Where(r => r[2] == sample[2]).GroupBy(r => r[3]).OrderByDescending(g => g.Count()).First().Key;
        var (group, name) = ImportReports.SplitCategory(sample[2]);
        var service = await dbx.Set<ReportService>().SingleAsync(s => s.GroupName == group && s.Name == name, Ct);
        service.Code.ShouldBe(Slugs.From(sample[2]));
        var department = await dbx.Departments.SingleAsync(d => d.Id == service.DepartmentId, Ct);
        department.Name.ShouldBe(expected);
        department.Key.ShouldBe(Slugs.From(expected));

        // A report reads back with its text, place and German local time converted to UTC.
        var report = await dbx.Set<Report>().SingleAsync(r => r.ExternalId == sample[0], Ct);
        report.Description.ShouldBe(sample[1].Trim());
        report.Lon.ShouldBe(double.Parse(sample[4], CultureInfo.InvariantCulture));
        var local = DateTime.ParseExact(sample[6], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        report.RequestedAt.ShouldBe(new DateTimeOffset(local, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").GetUtcOffset(local)).ToUniversalTime());
    }

    [Fact]
    public void Names_become_slugs_and_categories_split_into_group_and_name()
    {
        Slugs.From("Technische Betriebe Konstanz").ShouldBe("technische-betriebe-konstanz");
        Slugs.From("Straßen, Fahrrad & Verkehr > Gullideckel/ Kanal verstopft").ShouldBe("strassen-fahrrad-verkehr-gullideckel-kanal-verstopft");
        Slugs.From("Bürgeramt/Straßenverkehrswesen").ShouldBe("buergeramt-strassenverkehrswesen");
        ImportReports.SplitCategory("Müll/Sauberkeit > verschmutzte Straßen und Plätze").ShouldBe(("Müll/Sauberkeit", "verschmutzte Straßen und Plätze"));
        ImportReports.SplitCategory("Sonstiges").ShouldBe((null, "Sonstiges"));
    }

    [Fact]
    public void Csv_fields_may_hold_quotes_commas_and_line_breaks()
    {
        var rows = CsvRows.Read(new StringReader("id,text\n1,\"a, \"\"b\"\"\nc\"\r\n2,plain\n")).ToList();

        rows.Count.ShouldBe(3);
        rows[1].ShouldBe(["1", "a, \"b\"\nc"]);
        rows[2].ShouldBe(["2", "plain"]);
    }
}
