using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stadtkern.Features.Sensing.Model;
using Stadtkern.Platform.Demo;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Features.Sensing.Views.Demo;

/// <summary>
/// Demo sensors of Musterstadt (positions in the Konstanz demo area): three soil-moisture probes at street trees, a weather station
/// and an air-quality station, each with seven days of synthetic observations every 15 minutes up to the last full hour, plus the
/// hourly/daily aggregates and latest values the ingest writer would maintain. The values are invented (a fixed random seed, daily
/// cycles, a rain event) and every Thing says so in its description and in <c>properties.demo</c>.
/// </summary>
internal sealed class SeedDemoSensors(StadtkernDb db, TimeProvider clock)
{
    public const int Days = 7;
    private const int StepMinutes = 15;
    private const string Notice = "Demodaten: synthetisch erzeugte Messwerte, keine echte Messung.";

    private sealed record DemoStream(string Name, string Property, string Definition, string Unit, string Symbol, Func<int, double, double> Value);

    private sealed record DemoThing(string Name, string Description, double Lon, double Lat, string Sensor, DemoStream[] Streams);

    /// <summary>Seeds the sensors unless one of them exists; returns the number of Observations written.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var things = Things();
        var names = things.Select(t => t.Name).ToList();
        if (await db.Set<Thing>().AnyAsync(t => names.Contains(t.Name), cancellationToken))
        {
            return 0;
        }

        var now = clock.GetStoredNow();
        var end = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var start = end.AddDays(-Days);
        var properties = new Dictionary<string, ObservedProperty>(StringComparer.Ordinal);
        var written = 0;
        foreach (var demo in things)
        {
            var thing = new Thing
            {
                Name = demo.Name,
                Description = demo.Description + " " + Notice,
                Properties = """{"demo":true,"hinweis":"Demodaten (synthetisch)"}""",
                AccessLevel = SensingAccessLevels.Public,
                Created = now,
                Modified = now,
            };
            var point = string.Create(CultureInfo.InvariantCulture, $$"""{"type":"Point","coordinates":[{{demo.Lon}},{{demo.Lat}}]}""");
            var location = new Location
            {
                Name = "Standort " + demo.Name,
                Description = "Standort des Demo-Sensors",
                EncodingType = "application/geo+json",
                LocationJson = point,
                Geometry = point,
                MinX = demo.Lon,
                MaxX = demo.Lon,
                MinY = demo.Lat,
                MaxY = demo.Lat,
            };
            var sensor = new Sensor { Name = demo.Sensor, Description = demo.Sensor + " (Demo)", EncodingType = "text/html", Metadata = "https://musterstadt.example/sensoren" };
            db.AddRange(thing, location, sensor);
            await db.SaveChangesAsync(cancellationToken);
            db.Add(new ThingLocation { ThingId = thing.Id, LocationId = location.Id });

            foreach (var s in demo.Streams)
            {
                if (!properties.TryGetValue(s.Property, out var property))
                {
                    property = new ObservedProperty { Name = s.Property, Definition = s.Definition, Description = s.Property };
                    db.Add(property);
                    await db.SaveChangesAsync(cancellationToken);
                    properties[s.Property] = property;
                }

                var datastream = new Datastream
                {
                    Name = s.Name + " – " + demo.Name,
                    Description = s.Name + " (Demodaten)",
                    ObservationType = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                    UnitOfMeasurement = System.Text.Json.JsonSerializer.Serialize(new { name = s.Unit, symbol = s.Symbol, definition = "" }),
                    ThingId = thing.Id,
                    SensorId = sensor.Id,
                    ObservedPropertyId = property.Id,
                    Created = now,
                    Modified = now,
                };
                db.Add(datastream);
                await db.SaveChangesAsync(cancellationToken);

                var observations = new List<Observation>();
                var steps = Days * 24 * 60 / StepMinutes;
                for (var i = 0; i < steps; i++)
                {
                    var time = start.AddMinutes(i * StepMinutes);
                    var hourOfDay = time.Hour + (time.Minute / 60.0);
                    var value = Math.Round(s.Value(i, hourOfDay), 2);
                    observations.Add(new Observation
                    {
                        DatastreamId = datastream.Id,
                        PhenomenonTimeStart = time,
                        ResultTime = time,
                        ResultKind = ResultKind.Number,
                        ResultNumber = value,
                        ResultHash = BitConverter.DoubleToInt64Bits(value),
                    });
                }

                db.AddRange(observations);
                await db.SaveChangesAsync(cancellationToken);
                written += observations.Count;

                foreach (var (resolution, size) in new[] { ((short)1, TimeSpan.FromHours(1)), ((short)2, TimeSpan.FromDays(1)) })
                {
                    db.AddRange(observations
                        .GroupBy(o => new DateTimeOffset(o.PhenomenonTimeStart.Ticks - (o.PhenomenonTimeStart.Ticks % size.Ticks), TimeSpan.Zero))
                        .Select(g => new ObservationAggregate
                        {
                            DatastreamId = datastream.Id,
                            Resolution = resolution,
                            BucketStart = g.Key,
                            Count = g.Count(),
                            Sum = g.Sum(o => o.ResultNumber!.Value),
                            Min = g.Min(o => o.ResultNumber!.Value),
                            Max = g.Max(o => o.ResultNumber!.Value),
                        }));
                }

                var latest = observations[^1];
                datastream.PhenomenonTimeStart = observations[0].PhenomenonTimeStart;
                datastream.PhenomenonTimeEnd = latest.PhenomenonTimeStart;
                datastream.ResultTimeStart = observations[0].ResultTime;
                datastream.ResultTimeEnd = latest.ResultTime;
                datastream.LatestObservationId = latest.Id;
                datastream.LatestPhenomenonTime = latest.PhenomenonTimeStart;
                datastream.LatestResult = latest.ResultNumber!.Value.ToString("R", CultureInfo.InvariantCulture);
                datastream.ObservationCount = observations.Count;
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }

        return written;
    }

    private static DemoThing[] Things()
    {
        var random = new Random(8335043);
        var noise = Enumerable.Range(0, Days * 24 * 4 * 16).Select(_ => random.NextDouble() - 0.5).ToArray();
        double N(int stream, int i) => noise[((stream * Days * 24 * 4) + i) % noise.Length];
        // A rain event on day 4 (index 4 * 96): soils wet up again, the air is cooler and cleaner.
        const int Rain = 4 * 96;
        double Daily(double hour, double peakHour) => Math.Cos((hour - peakHour) / 24.0 * 2 * Math.PI);
        DemoStream Tension(int k, string depth, double start, double perDay) => new(
            "Bodenwasserspannung " + depth, "Bodenwasserspannung " + depth, "https://musterstadt.example/def/bodenwasserspannung",
            "Kilopascal", "kPa",
            (i, hour) => Math.Max(5, (i < Rain ? start + (perDay * i / 96.0) : 8 + (perDay * (i - Rain) / 96.0)) + (1.5 * Daily(hour, 16)) + N(k, i)));
        return
        [
            new("Baum 1042 – Linde, Laube", "Bodenfeuchtesensor an einer Winterlinde in der Laube.", 9.1712, 47.6619, "Tensiometer-Sonde (LoRaWAN)",
                [Tension(0, "30 cm", 35, 9), Tension(1, "60 cm", 28, 5)]),
            new("Baum 2217 – Platane, Bodanstraße", "Bodenfeuchtesensor an einer Platane in der Bodanstraße.", 9.1738, 47.6578, "Tensiometer-Sonde (LoRaWAN)",
                [Tension(2, "30 cm", 48, 12), Tension(3, "60 cm", 36, 7)]),
            new("Baum 3108 – Spitzahorn, Zähringerplatz", "Bodenfeuchtesensor an einem Spitzahorn am Zähringerplatz.", 9.1789, 47.6729, "Tensiometer-Sonde (LoRaWAN)",
                [Tension(4, "30 cm", 22, 6), Tension(5, "60 cm", 18, 4)]),
            new("Wetterstation Rheinsteig", "Wetterstation auf dem Dach am Rheinsteig.", 9.1745, 47.6637, "Kompaktwetterstation",
            [
                new("Lufttemperatur", "Lufttemperatur", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0023/", "Grad Celsius", "°C",
                    (i, hour) => (i < Rain ? 21 : 16) + (6 * Daily(hour, 15)) + (0.8 * N(6, i))),
                new("Relative Luftfeuchte", "Relative Luftfeuchte", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0413/", "Prozent", "%",
                    (i, hour) => Math.Clamp((i < Rain ? 55 : 80) - (15 * Daily(hour, 15)) + (3 * N(7, i)), 20, 100)),
                new("Niederschlag", "Niederschlagsmenge", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0341/", "Millimeter", "mm",
                    (i, _) => i is >= Rain - 8 and < Rain + 16 ? Math.Max(0, 1.2 + (2 * N(8, i))) : 0),
            ]),
            new("Luftmessstation Bahnhofplatz", "Luftqualitätssensor am Bahnhofplatz.", 9.1771, 47.6588, "Feinstaub- und NO2-Sensor",
            [
                new("Feinstaub PM10", "PM10", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0678/", "Mikrogramm pro Kubikmeter", "µg/m³",
                    (i, hour) => Math.Max(2, (i < Rain ? 24 : 11) + (6 * (Daily(hour, 8) + Daily(hour, 18))) + (4 * N(9, i)))),
                new("Feinstaub PM2,5", "PM2,5", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0681/", "Mikrogramm pro Kubikmeter", "µg/m³",
                    (i, hour) => Math.Max(1, (i < Rain ? 14 : 6) + (3 * (Daily(hour, 8) + Daily(hour, 18))) + (2 * N(10, i)))),
                new("Stickstoffdioxid", "Stickstoffdioxid", "http://vocab.nerc.ac.uk/collection/P07/current/CFSN0667/", "Mikrogramm pro Kubikmeter", "µg/m³",
                    (i, hour) => Math.Max(3, (i < Rain ? 32 : 22) + (12 * (Daily(hour, 8) + Daily(hour, 18))) + (5 * N(11, i)))),
            ]),
        ];
    }
}

/// <summary>Seeds the demo sensors with the demo city unless <c>Demo:Sensing</c> is false.</summary>
internal sealed class SensingDemoContent(SeedDemoSensors seed, IOptions<DemoOptions> options) : IDemoContent
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Sensing)
        {
            await seed.SeedAsync(cancellationToken);
        }
    }
}

internal static class DemoSensorsSetup
{
    public static IServiceCollection AddDemoSensors(this IServiceCollection services)
    {
        services.AddScoped<SeedDemoSensors>();
        services.AddScoped<IDemoContent, SensingDemoContent>();
        return services;
    }
}
