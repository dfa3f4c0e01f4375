// The mqtt.js side of Stadtkern's MQTT interoperability tests (MqttJsInteropTests.cs starts it).
//
//   node interop.mjs subscribe <url> <filter> <count> <qos>   prints {"ready":...} once subscribed,
//                                                             then one JSON line per message, exits after <count>
//   node interop.mjs publish <url> <topic> <count> <qos>      publishes <count> messages "Messwert <i> °C",
//                                                             waits for every PUBACK at QoS 1, prints {"published":n}
//
// MQTT 3.1.1 (protocolVersion 4), clean session, no reconnect; exits non-zero on any error or after 30 s.
import mqtt from 'mqtt';

const [mode, url, topic, countText, qosText] = process.argv.slice(2);
const count = Number(countText);
const qos = Number(qosText);
if (!['subscribe', 'publish'].includes(mode) || !url || !topic || !(count >= 0) || ![0, 1].includes(qos)) {
  console.error('usage: node interop.mjs subscribe|publish <url> <topic> <count> <0|1>');
  process.exit(64);
}

const timer = setTimeout(() => { console.error('interop: timed out'); process.exit(2); }, 30_000);
const client = mqtt.connect(url, {
  protocolVersion: 4,
  clean: true,
  clientId: `mqttjs-${process.pid}`,
  reconnectPeriod: 0,
  connectTimeout: 10_000,
});
let finished = false;
client.on('error', (e) => {
  if (finished) return; // a reset while closing after the work is done is no failure
  console.error(`interop: ${e.message}`);
  process.exit(1);
});

function finish(line) {
  finished = true;
  console.log(JSON.stringify(line));
  clearTimeout(timer);
  client.end(false, {}, () => process.exit(0));
}

if (mode === 'subscribe') {
  let received = 0;
  client.on('message', (t, payload, packet) => {
    console.log(JSON.stringify({ topic: t, payload: payload.toString('utf8'), qos: packet.qos, retain: packet.retain }));
    received += 1;
    if (received >= count) finish({ done: received });
  });
  client.on('connect', () => {
    client.subscribe(topic, { qos }, (err, granted) => {
      if (err) { console.error(`interop: ${err.message}`); process.exit(1); }
      console.log(JSON.stringify({ ready: true, granted: granted[0].qos }));
      if (count === 0) finish({ done: 0 });
    });
  });
} else {
  client.on('connect', async () => {
    try {
      for (let i = 0; i < count; i++) {
        await client.publishAsync(topic, `Messwert ${i} °C`, { qos });
      }
      finish({ published: count });
    } catch (e) {
      console.error(`interop: ${e.message}`);
      process.exit(1);
    }
  });
}
