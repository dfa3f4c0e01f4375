using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Import;

/// <summary>What an import did.</summary>
internal sealed record ImportSummary(int Rows, int Imported, int AlreadyPresent, int Invalid, int ServicesCreated, int DepartmentsCreated);

/// <summary>
/// Imports historical reports from CSV with the columns <c>id,text,category,department,lon,lat,reported_at,district</c> (the Konstanz
/// export). Services come from categories ("Main &gt; Sub": group Main, name Sub), departments from department names, both created as
/// needed. Reports are closed history with source <c>import</c> and the CSV id as external id, so a second run adds nothing. Each
/// imported category's usual department (the "category lookup") becomes the department it most often went to.
/// </summary>
internal sealed class ImportReports(StadtkernDb db, TimeProvider clock)
{
    private const int Batch = 1000;
    private static readonly TimeZoneInfo Local = FindLocal();

    public async Task<ImportSummary> RunAsync(TextReader csv, CancellationToken cancellationToken)
    {
        using var rows = CsvRows.Read(csv).GetEnumerator();
        if (!rows.MoveNext())
        {
            throw new InvalidOperationException("The CSV file is empty.");
        }

        var header = rows.Current.Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Column(string name) => header.IndexOf(name) is var i and >= 0 ? i : throw new InvalidOperationException($"The CSV file has no column '{name}'.");
        var (idCol, textCol, categoryCol, departmentCol) = (Column("id"), Column("text"), Column("category"), Column("department"));
        int? Optional(string name) => header.IndexOf(name) is var i and >= 0 ? i : null;
        var (lonCol, latCol, timeCol, districtCol) = (Optional("lon"), Optional("lat"), Optional("reported_at"), Optional("district"));

        var now = clock.GetStoredNow();
        var services = await db.Set<ReportService>().ToListAsync(cancellationToken);
        var departments = await db.Departments.ToListAsync(cancellationToken);
        var present = (await db.Set<Report>().Where(r => r.Source == ReportSources.Import && r.ExternalId != null)
            .Select(r => r.ExternalId!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        int total = 0, imported = 0, already = 0, invalid = 0, servicesCreated = 0, departmentsCreated = 0;
        var touched = new HashSet<Guid>();
        var pending = new List<Report>();

        while (rows.MoveNext())
        {
            var row = rows.Current;
            if (row.Length == 1 && string.IsNullOrWhiteSpace(row[0]))
            {
                continue;
            }

            total++;
            string? Cell(int? column) => column is { } c && c < row.Length && !string.IsNullOrWhiteSpace(row[c]) ? row[c].Trim() : null;
            var externalId = Cell(idCol);
            var text = Cell(textCol);
            if (externalId is null || externalId.Length > 100 || text is null)
            {
                invalid++;
                continue;
            }

            if (!present.Add(externalId))
            {
                already++;
                continue;
            }

            ReportService? service = null;
            if (Cell(categoryCol) is { } category)
            {
                service = FindService(services, category);
                if (service is null)
                {
                    service = NewService(services, category, now);
                    db.Add(service);
                    services.Add(service);
                    servicesCreated++;
                }

                touched.Add(service.Id);
            }

            Department? department = null;
            if (Cell(departmentCol) is { } departmentName)
            {
                department = departments.FirstOrDefault(d => string.Equals(d.Name, departmentName, StringComparison.Ordinal))
                    ?? departments.FirstOrDefault(d => d.Key == Slugs.From(departmentName));
                if (department is null)
                {
                    department = new Department { Id = Guid.CreateVersion7(), Key = Slugs.From(departmentName), Name = Cap(departmentName, 200) };
                    db.Departments.Add(department);
                    departments.Add(department);
                    departmentsCreated++;
                }
            }

            var reportedAt = ParseTime(Cell(timeCol)) ?? now;
            var lat = ParseCoordinate(Cell(latCol), 90);
            var lon = ParseCoordinate(Cell(lonCol), 180);
            pending.Add(new Report
            {
                ServiceId = service?.Id,
                Token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_'),
                Status = ReportStatus.Closed,
                Description = Cap(text, 4000),
                Lat = lat is not null && lon is not null ? lat : null,
                Lon = lat is not null && lon is not null ? lon : null,
                District = Cell(districtCol) is { } district ? Cap(district, 200) : null,
                DepartmentId = department?.Id,
                RoutingMode = department is null ? null : RoutingModes.Import,
                RequestedAt = reportedAt,
                UpdatedAt = reportedAt,
                ClosedAt = reportedAt,
                Source = ReportSources.Import,
                ExternalId = externalId,
            });
            imported++;
            if (pending.Count >= Batch)
            {
                await FlushAsync(pending, cancellationToken);
            }
        }

        await FlushAsync(pending, cancellationToken);
        await SetCategoryLookupAsync(touched, now, cancellationToken);
        return new ImportSummary(total, imported, already, invalid, servicesCreated, departmentsCreated);
    }

    private async Task FlushAsync(List<Report> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0 && !db.ChangeTracker.HasChanges())
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AddRange(pending);
        await db.SaveChangesAsync(cancellationToken);
        db.AddRange(pending.Select(r => new ReportEvent
        {
            ReportId = r.Id,
            At = r.RequestedAt,
            Actor = ReportActors.Import,
            Kind = ReportEventKinds.Created,
            ToValue = ReportStatus.Closed,
            Text = "Aus dem Altbestand übernommen.",
            IsPublic = true,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        pending.Clear();
        db.ChangeTracker.Clear();
    }

    /// <summary>Each touched service's department becomes the one most of its reports went to (ties: the most recent).</summary>
    private async Task SetCategoryLookupAsync(HashSet<Guid> touched, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (touched.Count == 0)
        {
            return;
        }

        var ids = touched.ToList();
        var counts = await db.Set<Report>().AsNoTracking()
            .Where(r => r.ServiceId != null && ids.Contains(r.ServiceId.Value) && r.DepartmentId != null)
            .GroupBy(r => new { r.ServiceId, r.DepartmentId })
            .Select(g => new { g.Key.ServiceId, g.Key.DepartmentId, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var usual = counts.GroupBy(c => c.ServiceId!.Value)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.Count).ThenBy(c => c.DepartmentId).First().DepartmentId);
        var services = await db.Set<ReportService>().Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
        foreach (var service in services)
        {
            if (usual.TryGetValue(service.Id, out var department) && service.DepartmentId != department)
            {
                service.DepartmentId = department;
                service.UpdatedAt = now;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static ReportService? FindService(List<ReportService> services, string category)
    {
        var (group, name) = SplitCategory(category);
        return services.FirstOrDefault(s => string.Equals(s.GroupName, group, StringComparison.Ordinal) && string.Equals(s.Name, name, StringComparison.Ordinal))
            ?? services.FirstOrDefault(s => s.Code == Slugs.From(category));
    }

    private static ReportService NewService(List<ReportService> services, string category, DateTimeOffset now)
    {
        var (group, name) = SplitCategory(category);
        var code = Slugs.From(category);
        for (var n = 2; services.Any(s => s.Code == code); n++)
        {
            var suffix = "-" + n.ToString(CultureInfo.InvariantCulture);
            code = Slugs.From(category, 63 - suffix.Length) + suffix;
        }

        return new ReportService
        {
            Id = Guid.CreateVersion7(),
            Code = code,
            GroupName = group is null ? null : Cap(group, 200),
            Name = Cap(name, 200),
            Active = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>"Main &gt; Sub" → (Main, Sub); a category without " &gt; " has no group.</summary>
    internal static (string? Group, string Name) SplitCategory(string category)
    {
        var at = category.IndexOf(" > ", StringComparison.Ordinal);
        return at < 0 ? (null, category.Trim()) : (category[..at].Trim(), category[(at + 3)..].Trim());
    }

    private static string Cap(string value, int max) => value.Length > max ? value[..max] : value;

    /// <summary>Times in the export are German local time without an offset ("2020-11-08 16:46:00"); an explicit offset wins.</summary>
    internal static DateTimeOffset? ParseTime(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        if (raw.Length > 19 && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
            && (raw.EndsWith('Z') || raw[^6] is '+' or '-'))
        {
            return Truncate(withOffset.ToUniversalTime());
        }

        if (!DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = Local.IsInvalidTime(unspecified) ? Local.BaseUtcOffset : Local.GetUtcOffset(unspecified);
        return Truncate(new DateTimeOffset(unspecified, offset).ToUniversalTime());
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static double? ParseCoordinate(string? raw, double limit) =>
        raw is not null && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && Math.Abs(value) <= limit
            ? value
            : null;

    private static TimeZoneInfo FindLocal()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}
