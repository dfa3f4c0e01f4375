// Payload codec for an indoor air-quality sensor that sends type-length-value records (modelled on the Elsys ERS CO2):
//   0x01 temperature, 2 bytes signed, 0.1 °C      0x02 relative humidity, 1 byte, %
//   0x04 light, 2 bytes, lux                       0x05 motion count, 1 byte
//   0x06 CO2, 2 bytes, ppm                         0x07 supply voltage, 2 bytes, mV
const RECORDS = {
  0x01: { name: 'temperature', size: 2, signed: true, scale: 0.1 },
  0x02: { name: 'humidity', size: 1 },
  0x04: { name: 'light', size: 2 },
  0x05: { name: 'motion', size: 1 },
  0x06: { name: 'co2', size: 2 },
  0x07: { name: 'vdd', size: 2, scale: 0.001 },
};

function readValue(bytes, offset, record) {
  let value = 0;
  for (let k = 0; k < record.size; k++) {
    value = (value << 8) | bytes[offset + k];
  }
  if (record.signed && value & (1 << (record.size * 8 - 1))) {
    value -= 1 << (record.size * 8);
  }
  return record.scale ? Math.round(value * record.scale * 1000) / 1000 : value;
}

function decodeUplink(input) {
  const { bytes } = input;
  const data = {};
  let i = 0;
  while (i < bytes.length) {
    const type = bytes[i];
    const record = RECORDS[type];
    if (!record) {
      return { errors: [`unknown record type 0x${type.toString(16).padStart(2, '0')} at byte ${i}`] };
    }
    if (i + 1 + record.size > bytes.length) {
      return { errors: [`record ${record.name} is cut off`] };
    }
    data[record.name] = readValue(bytes, i + 1, record);
    i += 1 + record.size;
  }
  const warnings = data.co2 > 1400 ? ['CO2 above 1400 ppm: ventilate'] : [];
  return { data, warnings, errors: [] };
}
