// Payload codec for a soil sensor with a layout modelled on the Dragino LSE01 (fPort 2, 11 bytes, big-endian):
//   0-1  battery voltage in mV (upper two bits reserved)
//   2-3  probe temperature (DS18B20), signed, 0.1 °C; 0x7FFF = no probe
//   4-5  volumetric water content, 0.01 %
//   6-7  soil temperature, signed, 0.01 °C
//   8-9  electrical conductivity, µS/cm
//   10   flags: bit 0 = uplink triggered by the interrupt pin
function int16(hi, lo) {
  var value = (hi << 8) | lo;
  return value & 0x8000 ? value - 0x10000 : value;
}

function uint16(hi, lo) {
  return ((hi << 8) | lo) >>> 0;
}

function decodeUplink(input) {
  var bytes = input.bytes;
  if (input.fPort !== 2) {
    return { data: {}, warnings: ['ignored fPort ' + input.fPort], errors: [] };
  }
  if (bytes.length < 11) {
    return { errors: ['payload too short: ' + bytes.length + ' bytes, expected 11'] };
  }

  var batteryMv = uint16(bytes[0], bytes[1]) & 0x3FFF;
  var probe = int16(bytes[2], bytes[3]);
  var data = {
    battery_mv: batteryMv,
    battery: Number((batteryMv / 1000).toFixed(3)),
    soil: {
      water_content: uint16(bytes[4], bytes[5]) / 100,
      temperature: int16(bytes[6], bytes[7]) / 100,
      conductivity: uint16(bytes[8], bytes[9])
    },
    interrupt: (bytes[10] & 0x01) === 1
  };
  var warnings = [];
  if (probe === 0x7FFF) {
    warnings.push('no temperature probe connected');
  } else {
    data.probe_temperature = probe / 10;
  }
  if (batteryMv < 2900) {
    warnings.push('battery low: ' + batteryMv + ' mV');
  }
  return { data: data, warnings: warnings, errors: [] };
}
