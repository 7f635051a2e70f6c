// Draws Hark's icons (app icon and tray states) as PNGs without any image tool:
// `node scripts/make-icons.mjs` writes resources/*.png. Run again after changing colours.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(bytes) {
  let c;
  const table = Array.from({ length: 256 }, (_, n) => {
    c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const b of bytes) crc = table[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 8 + data.length);
  return out;
}

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x + 0.5, y + 0.5, size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8;
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A filled disc with a microphone cut out, anti-aliased. */
function micDisc([r, g, b]) {
  return (x, y, size) => {
    const c = size / 2;
    const d = Math.hypot(x - c, y - c);
    const disc = Math.max(0, Math.min(1, c - 0.5 - d + 0.5));
    const u = (x - c) / size;
    const v = (y - c) / size;
    const capsule =
      Math.abs(u) < 0.09 && v > -0.26 && v < 0.06
        ? 1
        : Math.hypot(u, v + 0.26) < 0.09 || Math.hypot(u, v - 0.06) < 0.09
          ? 1
          : 0;
    const stand =
      (Math.abs(u) < 0.025 && v > 0.12 && v < 0.27) || (Math.abs(u) < 0.12 && v > 0.24 && v < 0.29)
        ? 1
        : 0;
    const arc = Math.abs(Math.hypot(u, v - 0.02) - 0.17) < 0.025 && v > 0.02 ? 1 : 0;
    const mic = Math.max(capsule, stand, arc);
    const alpha = Math.round(255 * disc);
    return mic ? [255, 255, 255, alpha] : [r, g, b, alpha];
  };
}

const STATES = {
  idle: [100, 106, 120],
  ready: [68, 87, 232],
  listening: [224, 72, 78],
  responding: [30, 158, 90],
  attention: [201, 138, 0],
};

mkdirSync('resources', { recursive: true });
writeFileSync('resources/icon.png', png(512, micDisc(STATES.ready)));
for (const [name, colour] of Object.entries(STATES)) {
  writeFileSync(`resources/tray-${name}.png`, png(16, micDisc(colour)));
  writeFileSync(`resources/tray-${name}@2x.png`, png(32, micDisc(colour)));
}
// macOS menu bar: template images (black and alpha only; macOS tints them for light and dark
// bars, and the *Template name makes Electron mark them so). Solid while Hark is connected,
// a ring when idle or needing attention.
function templateDisc(hollow) {
  const coloured = micDisc([0, 0, 0]);
  return (x, y, size) => {
    const [r, , , alpha] = coloured(x, y, size);
    if (r === 255) return [0, 0, 0, 0]; // the microphone: cut out
    const c = size / 2;
    const ring = Math.hypot(x - c, y - c) > c - Math.max(1.5, size / 10);
    return [0, 0, 0, hollow && !ring ? 0 : alpha];
  };
}
for (const name of Object.keys(STATES)) {
  const hollow = name === 'idle' || name === 'attention';
  writeFileSync(`resources/tray-${name}Template.png`, png(16, templateDisc(hollow)));
  writeFileSync(`resources/tray-${name}Template@2x.png`, png(32, templateDisc(hollow)));
}
console.log('icons written to resources/');
