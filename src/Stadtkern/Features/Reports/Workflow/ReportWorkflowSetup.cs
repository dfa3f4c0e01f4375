using Stadtkern.Features.Reports.Notifications;

namespace Stadtkern.Features.Reports.Workflow;

/// <summary>The staff workflow and reporter notifications: <c>services.AddReportWorkflow()</c> and
/// <c>endpoints.MapReportWorkflow()</c>, called from ReportsFeature.</summary>
internal static class ReportWorkflowSetup
{
    public static IServiceCollection AddReportWorkflow(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations();
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations();
        services.AddSingleton<IMailSender, SmtpMailSender>();
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<DispatchNotifications>();
        services.AddHostedService(sp => sp.GetRequiredService<DispatchNotifications>());
        services.AddScoped<QueueReporterMail>();
        services.AddScoped<ReportChanges>();
        services.AddScoped<AssignReport>();
        services.AddScoped<ReassignReport>();
        services.AddScoped<ChangeStatus>();
        services.AddScoped<AddPublicNote>();
        services.AddScoped<AddInternalComment>();
        services.AddScoped<SetExpectedDate>();
        services.AddScoped<MergeDuplicate>();
        services.AddScoped<SuggestDuplicates>();
        services.AddScoped<ReleasePhoto>();
        services.AddScoped<ListReports>();
        services.AddScoped<GetReportDetail>();
        services.AddScoped<EditReportSettings>();
        return services;
    }

    public static IEndpointRouteBuilder MapReportWorkflow(this IEndpointRouteBuilder endpoints) => endpoints.MapReportWorkflowApi();
}
