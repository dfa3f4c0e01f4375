using Stadtkern.Features.Sensing.Scripting;
using Stadtkern.Platform.Accounts;

namespace Stadtkern.Features.Sensing.LoRaWan;

/// <summary>LoRaWAN webhooks: The Things Stack v3 and ChirpStack HTTP integrations, with sandboxed payload codecs.</summary>
internal static class LoRaWanFeature
{
    public static IServiceCollection AddLoRaWan(this IServiceCollection services)
    {
        services.AddOptions<CodecLimits>().BindConfiguration(CodecLimits.Section);
        services.AddSingleton<CodecRunner>();
        services.AddSingleton<LoRaWanDevices>();
        services.AddScoped<IngestUplink>();
        return services;
    }

    public static IEndpointRouteBuilder MapLoRaWan(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/lorawan").WithTags("LoRaWAN").RequireAuthorization(Policies.App);
        group.MapPost("/tts", ReceiveUplink.TheThingsStackAsync)
            .WithName("LoRaWanTheThingsStackUplink")
            .WithSummary("The Things Stack v3 webhook (uplink messages; other message types are acknowledged with 204)");
        group.MapPost("/chirpstack", ReceiveUplink.ChirpStackAsync)
            .WithName("LoRaWanChirpStackEvent")
            .WithSummary("ChirpStack v4/v3 HTTP integration (?event=up; other events are acknowledged with 204)");
        return endpoints;
    }
}
