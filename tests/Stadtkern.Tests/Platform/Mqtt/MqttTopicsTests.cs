using Stadtkern.Platform.Mqtt;
using Stadtkern.Platform.Mqtt.Protocol;

namespace Stadtkern.Tests.Platform.Mqtt;

/// <summary>Topic filters and matching as §4.7 describes them, plus the SensorThings topics the bridge will use.</summary>
public sealed class MqttTopicsTests
{
    [Theory]
    // §4.7.1.2: the multi-level wildcard, including its parent level.
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/ranking", true)]
    [InlineData("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true)]
    [InlineData("sport/#", "sport", true)]
    [InlineData("#", "sport/tennis", true)]
    [InlineData("#", "/", true)]
    // §4.7.1.3: the single-level wildcard.
    [InlineData("sport/tennis/+", "sport/tennis/player1", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player2", true)]
    [InlineData("sport/tennis/+", "sport/tennis/player1/ranking", false)]
    [InlineData("sport/+", "sport", false)]
    [InlineData("sport/+", "sport/", true)]
    [InlineData("+/+", "/finance", true)]
    [InlineData("/+", "/finance", true)]
    [InlineData("+", "/finance", false)]
    // §4.7.2: topics starting with $ are not matched by filters starting with a wildcard.
    [InlineData("#", "$SYS/broker/clients", false)]
    [InlineData("+/monitor/Clients", "$SYS/monitor/Clients", false)]
    [InlineData("$SYS/#", "$SYS/monitor/Clients", true)]
    [InlineData("$SYS/monitor/+", "$SYS/monitor/Clients", true)]
    // Exact levels, case and empty levels are significant.
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "A/b", false)]
    [InlineData("a/b", "a/b/", false)]
    [InlineData("a//b", "a//b", true)]
    [InlineData("a/+/b", "a//b", true)]
    [InlineData("a/b/c", "a/b", false)]
    [InlineData("a/b", "a/b/c", false)]
    // The SensorThings MQTT topics (the bridge subscribes with a '+' for the id).
    [InlineData("v1.1/Datastreams(+)/Observations", "v1.1/Datastreams(5)/Observations", false)]
    [InlineData("v1.1/+/Observations", "v1.1/Datastreams(5)/Observations", true)]
    [InlineData("v1.1/#", "v1.1/Things(1)", true)]
    public void Filters_match_topics_as_the_standard_says(string filter, string topic, bool expected)
    {
        MqttTopics.Matches(filter, topic).ShouldBe(expected);
    }

    [Theory]
    [InlineData("#", true)]
    [InlineData("+", true)]
    [InlineData("sport/tennis/#", true)]
    [InlineData("sport/+/player1", true)]
    [InlineData("+/tennis/#", true)]
    [InlineData("/", true)]
    [InlineData("v1.1/Datastreams(+)/Observations", false)] // '+' must be a whole level: SensorThings ids need a whole-level '+'
    [InlineData("sport/tennis#", false)]
    [InlineData("sport/tennis/#/ranking", false)]
    [InlineData("sport+", false)]
    [InlineData("", false)]
    [InlineData("a\0b", false)]
    public void Filter_validity_follows_the_wildcard_rules(string filter, bool valid)
    {
        MqttTopics.IsValidTopicFilter(filter).ShouldBe(valid);
    }

    [Fact]
    public void Topic_names_have_no_wildcards_and_are_not_empty()
    {
        MqttTopics.ValidateTopicName("v1.1/Datastreams(5)/Observations");
        MqttTopics.ValidateTopicName("/");
        Should.Throw<ArgumentException>(() => MqttTopics.ValidateTopicName(""));
        Should.Throw<ArgumentException>(() => MqttTopics.ValidateTopicName("a/+"));
        Should.Throw<ArgumentException>(() => MqttTopics.ValidateTopicName("a/#"));
    }

    [Theory]
    [InlineData("mqtt://127.0.0.1:1884", "127.0.0.1", 1884, false, null, null)]
    [InlineData("mqtt://broker.example", "broker.example", 1883, false, null, null)]
    [InlineData("tcp://broker.example/", "broker.example", 1883, false, null, null)]
    [InlineData("mqtts://broker.example", "broker.example", 8883, true, null, null)]
    [InlineData("mqtts://user:p%40ss@broker.example:9000", "broker.example", 9000, true, "user", "p@ss")]
    [InlineData("mqtt://[::1]:1883", "::1", 1883, false, null, null)]
    public void Broker_urls_give_host_port_tls_and_credentials(string url, string host, int port, bool tls, string? user, string? password)
    {
        var options = MqttClientOptions.FromUrl(url, "c");

        options.Host.ShouldBe(host);
        options.Port.ShouldBe(port);
        options.UseTls.ShouldBe(tls);
        options.Username.ShouldBe(user);
        options.Password.ShouldBe(password);
        options.DisplayUrl.ShouldNotContain("@");
    }

    [Theory]
    [InlineData("http://broker.example")]
    [InlineData("broker.example:1883")]
    [InlineData("mqtt://broker.example/prefix")]
    [InlineData("mqtt://")]
    public void Other_urls_are_refused(string url)
    {
        Should.Throw<FormatException>(() => MqttClientOptions.FromUrl(url, "c"));
    }

    [Fact]
    public void Explicit_credentials_win_over_the_url()
    {
        var options = MqttClientOptions.FromUrl("mqtt://a:b@h", "c", "x", "y");
        options.Username.ShouldBe("x");
        options.Password.ShouldBe("y");
    }

    [Fact]
    public void Reconnect_delays_double_up_to_the_cap_with_jitter_between_half_and_all()
    {
        var initial = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(60);

        MqttClient.ReconnectDelay(0, initial, max, 0).ShouldBe(TimeSpan.FromMilliseconds(500));
        MqttClient.ReconnectDelay(0, initial, max, 1).ShouldBe(TimeSpan.FromSeconds(1));
        MqttClient.ReconnectDelay(3, initial, max, 1).ShouldBe(TimeSpan.FromSeconds(8));
        MqttClient.ReconnectDelay(3, initial, max, 0).ShouldBe(TimeSpan.FromSeconds(4));
        MqttClient.ReconnectDelay(10, initial, max, 1).ShouldBe(max);
        MqttClient.ReconnectDelay(1000, initial, max, 0.5).ShouldBe(TimeSpan.FromSeconds(45));
    }
}

/// <summary>Patterns with a '+' inside a level, as SensorThings topics need them.</summary>
public sealed class MqttTopicPatternTests
{
    [Fact]
    public void A_sensorthings_pattern_subscribes_a_whole_level_wildcard_and_captures_the_id()
    {
        var pattern = MqttTopicPattern.Parse("v1.1/Datastreams(+)/Observations");

        pattern.BrokerFilter.ShouldBe("v1.1/+/Observations");
        pattern.TryMatch("v1.1/Datastreams(5)/Observations", out var captures).ShouldBeTrue();
        captures.ShouldBe(["5"]);
        pattern.TryMatch("v1.1/Datastreams(123456789)/Observations", out captures).ShouldBeTrue();
        captures.ShouldBe(["123456789"]);
        pattern.IsMatch("v1.1/Things(5)/Observations").ShouldBeFalse();
        pattern.IsMatch("v1.1/Datastreams()/Observations").ShouldBeFalse();
        pattern.IsMatch("v1.1/Datastreams(5)/Observations/extra").ShouldBeFalse();
        pattern.IsMatch("v1.0/Datastreams(5)/Observations").ShouldBeFalse();
    }

    [Fact]
    public void Plain_filters_are_their_own_broker_filter_and_capture_each_wildcard()
    {
        var pattern = MqttTopicPattern.Parse("v1.1/+/#");

        pattern.BrokerFilter.ShouldBe("v1.1/+/#");
        pattern.TryMatch("v1.1/Things(1)/Locations/x", out var captures).ShouldBeTrue();
        captures.ShouldBe(["Things(1)", "Locations/x"]);
        MqttTopicPattern.Parse("a/b").TryMatch("a/b", out captures).ShouldBeTrue();
        captures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("a/x++y")]
    [InlineData("a/#/b")]
    [InlineData("a/b#")]
    [InlineData("")]
    public void Invalid_patterns_are_refused(string pattern)
    {
        Should.Throw<ArgumentException>(() => MqttTopicPattern.Parse(pattern));
    }
}
