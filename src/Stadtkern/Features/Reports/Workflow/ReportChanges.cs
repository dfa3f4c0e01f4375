using Microsoft.EntityFrameworkCore;
using Stadtkern.Features.Reports.Model;
using Stadtkern.Features.Reports.Notifications;
using Stadtkern.Platform.Persistence;
using Stadtkern.Platform.Tenancy;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>
/// The unit of work every workflow action shares: load the report, record history entries (each stamps
/// <see cref="Report.UpdatedAt"/>), queue reporter mails, and commit everything in one transaction; mails are sent only after
/// the commit.
/// </summary>
internal sealed class ReportChanges(StadtkernDb db, TimeProvider clock, QueueReporterMail mails)
{
    private bool mailQueued;

    public StadtkernDb Db => db;

    public DateTimeOffset Now { get; } = clock.GetStoredNow();

    public Task<Report?> FindAsync(long id, CancellationToken cancellationToken) =>
        db.Set<Report>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    public Task<Department?> FindDepartmentAsync(string key, CancellationToken cancellationToken) =>
        db.Departments.AsNoTracking().FirstOrDefaultAsync(d => d.Key == key, cancellationToken);

    public async Task<string?> DepartmentKeyAsync(Guid? id, CancellationToken cancellationToken) =>
        id is null ? null : await db.Departments.AsNoTracking().Where(d => d.Id == id).Select(d => d.Key).FirstOrDefaultAsync(cancellationToken);

    public void Record(Report report, StaffActor actor, string kind, string? from, string? to, string? text, bool isPublic)
    {
        report.UpdatedAt = Now;
        db.Add(new ReportEvent
        {
            ReportId = report.Id,
            At = Now,
            Actor = actor.Name,
            Kind = kind,
            FromValue = Cut(from),
            ToValue = Cut(to),
            Text = text,
            IsPublic = isPublic,
        });
    }

    public async Task QueueMailAsync(Report report, StaffActor actor, Func<string, string, OutgoingMail> compose, CancellationToken cancellationToken) =>
        mailQueued |= await mails.QueueAsync(report, compose, actor.BaseUrl, cancellationToken);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (mailQueued)
        {
            mails.WakeDispatcher();
        }
    }

    private static string? Cut(string? value) => value is { Length: > 200 } ? value[..200] : value;
}
