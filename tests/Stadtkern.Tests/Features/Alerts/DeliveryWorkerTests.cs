using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Alerts;
using Stadtkern.Features.Alerts.Delivery;
using Stadtkern.Features.Alerts.Model;
using Stadtkern.Platform.Persistence;
using Stadtkern.Tests.Infrastructure;

namespace Stadtkern.Tests.Features.Alerts;

public sealed class DeliveryWorkerTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private const string TestChannel = "test-flaky";

    [Theory, DatabaseData]
    public async Task A_failing_channel_is_retried_with_backoff_until_it_succeeds_or_runs_out_of_attempts(DatabaseProvider db)
    {
        var app = await fixture.StartAsync(db);
        var ct = TestContext.Current.CancellationToken;
        var staff = await app.ClientAsync("demo", "staff");
        var posted = await staff.PostAsync("/api/alerts",
            new StringContent(CapSamples.Alert("w-1", DateTimeOffset.UtcNow.AddSeconds(-5)), Encoding.UTF8, "application/cap+xml"), ct);
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();

        var clock = new ManualClock(DateTimeOffset.UtcNow.AddMinutes(1));
        long flakyId, brokenId;
        await using (var scope = await app.TenantScopeAsync())
        {
            var data = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
            var template = await data.Set<AlertDelivery>().AsNoTracking().FirstAsync(d => d.AlertId == id, ct);
            var flaky = new AlertDelivery { AlertId = id, Version = 1, EventSeq = template.EventSeq, Channel = TestChannel, NextAttemptAt = clock.GetUtcNow().AddSeconds(-1) };
            var broken = new AlertDelivery { AlertId = id, Version = 1, EventSeq = template.EventSeq, Channel = "test-broken", NextAttemptAt = clock.GetUtcNow().AddSeconds(-1) };
            data.AddRange(flaky, broken);
            await data.SaveChangesAsync(ct);
            (flakyId, brokenId) = (flaky.Id, broken.Id);
        }

        // The app's own worker leaves these rows alone: it has no channel with these keys.
        var channel = new FlakyChannel(TestChannel, failures: 2);
        var options = new AlertsOptions { Delivery = new AlertDeliveryOptions { MaxAttempts = 3, RetryBaseSeconds = 10, RetryMaxSeconds = 100 } };
        var worker = new DeliverAlerts(app.Services.GetRequiredService<IServiceScopeFactory>(),
            new AlertChannelRegistry([channel, new FlakyChannel("test-broken", failures: int.MaxValue)]),
            new StaticOptions(options), clock, NullLogger<DeliverAlerts>.Instance);

        (await worker.RunOnceAsync(ct)).ShouldBe(2);
        var first = await LoadAsync(app, flakyId, ct);
        first.State.ShouldBe(DeliveryStates.Pending);
        first.Attempts.ShouldBe(1);
        first.LastError.ShouldBe("Kanal nicht erreichbar (Versuch 1)");
        first.NextAttemptAt.ShouldBe(clock.GetUtcNow().AddSeconds(10), TimeSpan.FromMilliseconds(5));

        (await worker.RunOnceAsync(ct)).ShouldBe(0); // not due yet

        clock.Advance(TimeSpan.FromSeconds(11));
        (await worker.RunOnceAsync(ct)).ShouldBe(2);
        var second = await LoadAsync(app, flakyId, ct);
        second.Attempts.ShouldBe(2);
        second.NextAttemptAt.ShouldBe(clock.GetUtcNow().AddSeconds(20), TimeSpan.FromMilliseconds(5));

        clock.Advance(TimeSpan.FromSeconds(21));
        (await worker.RunOnceAsync(ct)).ShouldBe(2);
        var delivered = await LoadAsync(app, flakyId, ct);
        delivered.State.ShouldBe(DeliveryStates.Delivered);
        delivered.Attempts.ShouldBe(3);
        delivered.Detail.ShouldBe("3 Empfänger");
        delivered.LastError.ShouldBeNull();
        channel.Contexts.Last().Alert.Identifier.ShouldBe("w-1");
        channel.Contexts.Last().TenantSlug.ShouldBe("demo");
        channel.Contexts.Last().Kind.ShouldBe("published");

        var failed = await LoadAsync(app, brokenId, ct);
        failed.State.ShouldBe(DeliveryStates.Failed);
        failed.Attempts.ShouldBe(3);
        failed.LastError.ShouldNotBeNull();
    }

    private static async Task<AlertDelivery> LoadAsync(StadtkernFactory app, long id, CancellationToken ct)
    {
        await using var scope = await app.TenantScopeAsync();
        return await scope.ServiceProvider.GetRequiredService<StadtkernDb>().Set<AlertDelivery>().AsNoTracking().SingleAsync(d => d.Id == id, ct);
    }

    private sealed class FlakyChannel(string key, int failures) : IAlertChannel
    {
        private int calls;

        public List<AlertDeliveryContext> Contexts { get; } = [];

        public string Key => key;

        public Task<string?> DeliverAsync(AlertDeliveryContext context, CancellationToken cancellationToken)
        {
            Contexts.Add(context);
            calls++;
            return calls <= failures
                ? throw new InvalidOperationException($"Kanal nicht erreichbar (Versuch {calls})")
                : Task.FromResult<string?>($"{calls} Empfänger");
        }
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    private sealed class StaticOptions(AlertsOptions value) : IOptionsMonitor<AlertsOptions>
    {
        public AlertsOptions CurrentValue => value;

        public AlertsOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AlertsOptions, string?> listener) => null;
    }
}
