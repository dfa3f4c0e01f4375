using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Stadtkern.Platform.Mqtt;

namespace Stadtkern.Tests.Platform.Mqtt;

/// <summary>
/// The mosquitto that scripts/mqtt-start runs (STADTKERN_TEST_MQTT etc.). Without it a test is skipped, unless
/// STADTKERN_TEST_REQUIRE_MQTT=1 (set by scripts/test): then it fails.
/// </summary>
internal static class TestBroker
{
    public static string Url => Require("STADTKERN_TEST_MQTT");

    public static string AuthUrl => Require("STADTKERN_TEST_MQTT_AUTH");

    public static string User => Require("STADTKERN_TEST_MQTT_USER");

    public static string Password => Require("STADTKERN_TEST_MQTT_PASSWORD");

    public static string TlsUrl => Require("STADTKERN_TEST_MQTT_TLS");

    public static string CaFile => Require("STADTKERN_TEST_MQTT_CA");

    public static bool Required => Environment.GetEnvironmentVariable("STADTKERN_TEST_REQUIRE_MQTT") == "1";

    /// <summary>Options for a test client: unique id, short timeouts and reconnect delays.</summary>
    public static MqttClientOptions Options(string? url = null, string? clientId = null) =>
        MqttClientOptions.FromUrl(url ?? Url, clientId ?? "stk-test-" + Guid.NewGuid().ToString("N")[..10]) with
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
            CleanSession = true,
        };

    /// <summary>A topic no other test uses.</summary>
    public static string Topic(string name) => $"stadtkern-test/{Guid.NewGuid():N}/{name}";

    public static (string Host, int Port) HostAndPort(string url)
    {
        var options = MqttClientOptions.FromUrl(url, "x");
        return (options.Host, options.Port);
    }

    public static string Tool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").Append("/usr/bin"))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        if (Required)
        {
            throw new InvalidOperationException($"{name} is required (STADTKERN_TEST_REQUIRE_MQTT=1): install mosquitto and mosquitto-clients.");
        }

        Assert.Skip($"{name} not installed (Debian packages mosquitto, mosquitto-clients).");
        return name;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0} s for: {what}");
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    private static string Require(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (!string.IsNullOrEmpty(value))
        {
            return value;
        }

        if (Required)
        {
            throw new InvalidOperationException($"{name} is required (STADTKERN_TEST_REQUIRE_MQTT=1); scripts/test starts a broker with scripts/mqtt-start.");
        }

        Assert.Skip($"No MQTT test broker: set {name} (eval \"$(scripts/mqtt-start)\"; scripts/test does it).");
        return "";
    }
}

/// <summary>A command-line tool (mosquitto_sub, node, mosquitto) whose stdout lines are read as they come; killed on dispose.</summary>
internal sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private readonly List<string> errors = [];
    private readonly List<string> history = [];

    private ToolProcess(Process process)
    {
        this.process = process;
    }

    public string Errors
    {
        get
        {
            lock (errors)
            {
                return string.Join('\n', errors);
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static ToolProcess Start(string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var tool = new ToolProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                tool.lines.Writer.TryComplete();
            }
            else
            {
                tool.lines.Writer.TryWrite(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (tool.errors)
                {
                    tool.errors.Add(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>The next stdout line matching <paramref name="predicate"/> (others are skipped).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, string what, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(15));
        try
        {
            while (await lines.Reader.WaitToReadAsync(cts.Token))
            {
                while (lines.Reader.TryRead(out var line))
                {
                    history.Add(line);
                    if (predicate(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Waited for {what}; stderr: {Errors}");
        }

        throw new InvalidOperationException($"The tool ended before {what}; exit {(process.HasExited ? process.ExitCode : -1)}; stderr: {Errors}");
    }

    /// <summary>Every stdout line (also those read while waiting for a line) until the tool exits.</summary>
    public async Task<List<string>> ReadToEndAsync(TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        var all = new List<string>(history);
        try
        {
            await foreach (var line in lines.Reader.ReadAllAsync(cts.Token))
            {
                all.Add(line);
            }

            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The tool did not finish; output so far: {string.Join('\n', all)}; stderr: {Errors}");
        }

        return all;
    }

    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A mosquitto of one test's own (anonymous, one listener on a fixed port), so that the test can kill and restart it.</summary>
internal sealed class DedicatedBroker : IAsyncDisposable
{
    private readonly string directory;
    private readonly string config;
    private ToolProcess? process;

    public DedicatedBroker()
    {
        Port = TestBroker.FreePort();
        directory = Path.Combine(Path.GetTempPath(), "stadtkern-test-mosquitto-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        // Started as root, mosquitto switches to the unprivileged mosquitto user, which must still read its config.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        config = Path.Combine(directory, "mosquitto.conf");
        File.WriteAllText(config, $"""
            persistence false
            log_dest stderr
            log_type error
            listener {Port} 127.0.0.1
            allow_anonymous true

            """);
    }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        process = ToolProcess.Start(TestBroker.Tool("mosquitto"), ["-c", config]);
        await TestBroker.EventuallyAsync(() => CanConnect() || process.HasExited, "mosquitto listening on " + Port);
        if (process.HasExited)
        {
            throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}: {process.Errors}");
        }
    }

    /// <summary>Kills the broker hard (SIGKILL): no DISCONNECT, sessions gone.</summary>
    public void Kill() => process?.Kill();

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    private bool CanConnect()
    {
        try
        {
            using var tcp = new TcpClient();
            tcp.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
