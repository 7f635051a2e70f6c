import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crc32, deflateSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import {
  describeImage,
  MAX_DECODED_BYTES,
  readInputImage,
} from '../../../src/simulator/realtime/input-image';
import type { ReceivedImage } from '../../../src/simulator/server';
import { simulatorFixture } from '../support/client';
import { testJpeg, testPng } from '../support/images';

const imageMessage = (imageUrl: string, text?: string) => ({
  type: 'message',
  role: 'user',
  content: [
    ...(text ? [{ type: 'input_text', text }] : []),
    { type: 'input_image', image_url: imageUrl },
  ],
});

describe('readInputImage', () => {
  it('reads a PNG: size, format, mean colour and the hash of its bytes', () => {
    const png = testPng(64, 40, [0x3a, 0x7b, 0xd5]);
    const reading = readInputImage(png.dataUrl);
    expect(reading).toEqual({
      ok: true,
      decodedBytes: 64 * 40 * 4,
      facts: {
        format: 'png',
        width: 64,
        height: 40,
        meanColour: '#3a7bd5',
        sha256: png.sha256,
        bytes: png.bytes.byteLength,
      },
    });
    if (reading.ok)
      expect(describeImage(reading.facts)).toBe(
        'I see a 64 by 40 PNG image; its average colour is #3a7bd5.',
      );
  });

  it('averages a two-colour PNG and reads grey and 16-bit PNGs', () => {
    const data = new Uint8Array(2 * 1 * 3);
    data.set([255, 0, 0, 0, 0, 255]); // one red, one blue pixel
    const twoColour = Buffer.from(encodePng({ width: 2, height: 1, data, channels: 3 }));
    const grey = Buffer.from(
      encodePng({ width: 2, height: 2, data: new Uint8Array([0, 0, 255, 255]), channels: 1 }),
    );
    const deep = Buffer.from(
      encodePng({
        width: 1,
        height: 1,
        data: new Uint16Array([65535, 0, 0]),
        channels: 3,
        depth: 16,
      }),
    );
    const url = (b: Buffer) => `data:image/png;base64,${b.toString('base64')}`;
    expect(readInputImage(url(twoColour))).toMatchObject({ facts: { meanColour: '#800080' } });
    expect(readInputImage(url(grey))).toMatchObject({ facts: { meanColour: '#808080' } });
    expect(readInputImage(url(deep))).toMatchObject({ facts: { meanColour: '#ff0000' } });
  });

  it('reads a JPEG (its mean within JPEG rounding of the colour encoded)', () => {
    const jpg = testJpeg(80, 60, [200, 40, 40]);
    const reading = readInputImage(jpg.dataUrl);
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.facts).toMatchObject({
      format: 'jpeg',
      width: 80,
      height: 60,
      sha256: jpg.sha256,
    });
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(reading.facts.meanColour.slice(i, i + 2), 16));
    expect(Math.abs(r! - 200)).toBeLessThanOrEqual(3);
    expect(Math.abs(g! - 40)).toBeLessThanOrEqual(3);
    expect(Math.abs(b! - 40)).toBeLessThanOrEqual(3);
  });

  it('refuses what the service would refuse, saying why', () => {
    const png = testPng(4, 4, [1, 2, 3]);
    const cases: [string, RegExp][] = [
      ['https://example.com/cat.png', /only base64 data URLs/],
      ['data:image/gif;base64,R0lGODlh', /image\/gif is not supported/],
      ['data:text/plain;base64,aGVsbG8=', /expected a base64 data URL/],
      ['data:image/png;base64,', /empty/],
      ['data:image/png;base64,not base64!', /expected a base64 data URL/],
      ['data:image/png;base64,aGVsbG8gd29ybGQ=', /not a PNG or JPEG/],
      [png.dataUrl.replace('image/png', 'image/jpeg'), /says image\/jpeg but the bytes are a PNG/],
      // A PNG whose header is intact and whose pixel data is cut short.
      [
        `data:image/png;base64,${png.bytes.subarray(0, 40).toString('base64')}`,
        /could not be decoded|not a PNG/,
      ],
    ];
    for (const [url, message] of cases) {
      const reading = readInputImage(url);
      expect(reading.ok, url.slice(0, 40)).toBe(false);
      if (!reading.ok) expect(reading.message).toMatch(message);
    }
  });
});

/** A PNG of zero rows that says it is `width`×`height` at `depth` bits, colour type `colourType`. */
function declaredPng(width: number, height: number, depth: number, colourType: number): string {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = depth;
  ihdr[9] = colourType;
  const png = Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    // A few rows only: the refusal must come from the header, before any inflating.
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('readInputImage: decompression bombs', () => {
  it('refuses, from the header, a small PNG that would decode beyond the memory bound', () => {
    // 36 MP (under the pixel limit) of 16-bit RGBA: ~275 MB decoded from a file of a few KB.
    const reading = readInputImage(declaredPng(6000, 6000, 16, 6));
    expect(reading.ok).toBe(false);
    if (!reading.ok)
      expect(reading.message).toBe(
        `Invalid 'image_url': 6000×6000 decodes to 275 MB; the simulator decodes at most ${MAX_DECODED_BYTES / 1024 / 1024} MB.`,
      );
  });

  it('counts bytes per pixel from the header: 8-bit grey of the same size passes the bound', () => {
    // 4000×4000 grey is 16 MB decoded: it reaches the decoder (whose short data then fails).
    const reading = readInputImage(declaredPng(4000, 4000, 8, 0));
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.message).toMatch(/could not be decoded/);
  });
});

describe('simulated session: input_image', () => {
  const sim = simulatorFixture();
  beforeEach(() => sim.start());
  afterEach(() => sim.stop());

  it('describes an image sent as a user message and records its hash', async () => {
    const simulator = await sim.start();
    const received: ReceivedImage[] = [];
    simulator.on('image-received', (image) => received.push(image));
    const client = await sim.connect();
    const png = testPng(640, 400, [0x3a, 0x7b, 0xd5]);
    client.send({ type: 'conversation.item.create', item: imageMessage(png.dataUrl, 'Look') });
    await client.next('conversation.item.added');
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await client.next('response.done');
    expect(JSON.stringify(done)).toContain(
      'I see a 640 by 400 PNG image; its average colour is #3a7bd5.',
    );
    expect(received).toMatchObject([
      { format: 'png', width: 640, height: 400, sha256: png.sha256 },
    ]);
    expect(simulator.images.at(-1)?.sha256).toBe(png.sha256);
  });

  it('describes the image shown just before a function output (a tool that looked)', async () => {
    const client = await sim.connect();
    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call', call_id: 'call_1', name: 'look', arguments: '{}' },
    });
    const jpg = testJpeg(32, 32, [10, 200, 10]);
    client.send({ type: 'conversation.item.create', item: imageMessage(jpg.dataUrl) });
    client.send({
      type: 'conversation.item.create',
      item: { type: 'function_call_output', call_id: 'call_1', output: '{"result":"shown"}' },
    });
    client.send({ type: 'response.create', response: { output_modalities: ['text'] } });
    const done = await client.next('response.done');
    expect(JSON.stringify(done)).toMatch(/I see a 32 by 32 JPEG image; its average colour is #/);
  });

  it('lets the images of one item share the decoding bound: many cannot hold the thread', async () => {
    const simulator = await sim.start();
    const client = await sim.connect();
    // 5000×5000 8-bit grey: 24 MB decoded each, from a few KB. Two fit in 64 MB, three do not.
    const grey = encodePng({
      width: 5000,
      height: 5000,
      data: new Uint8Array(5000 * 5000),
      channels: 1,
    });
    const url = `data:image/png;base64,${Buffer.from(grey).toString('base64')}`;
    client.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [url, url, url].map((image_url) => ({ type: 'input_image', image_url })),
      },
    });
    const error = await client.error();
    expect(error).toMatchObject({ code: 'invalid_value', param: 'item.content[2].image_url' });
    expect(error.message).toMatch(/for all the images of one item \(16 MB left\)/);
    expect(simulator.images).toEqual([]);
  });

  it('answers a bad image with an error event, adds nothing, and keeps the session', async () => {
    const simulator = await sim.start();
    const client = await sim.connect();
    client.send({
      type: 'conversation.item.create',
      item: imageMessage('data:image/png;base64,aGVsbG8gd29ybGQ='),
    });
    const error = await client.error();
    expect(error).toMatchObject({ code: 'invalid_value', param: 'item.content[0].image_url' });
    expect(error.message).toMatch(/not a PNG or JPEG/);
    expect(client.types()).not.toContain('conversation.item.added');
    expect(simulator.images).toEqual([]);
    client.send({
      type: 'conversation.item.create',
      item: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: 'still here' }],
      },
    });
    await client.next('conversation.item.added');
  });
});
