import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLogFile } from '../../../src/simulator/explain/event-log-file';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

describe('the simulator --event-log file', () => {
  it('never writes an image data URL’s bytes, however the client spelt it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hark-sim-log-'));
    folders.push(folder);
    const path = join(folder, 'events.jsonl');
    const log = new EventLogFile(path, {});
    const bytes = Buffer.alloc(3000, 7).toString('base64');
    const urls = [
      `data:image/png;base64,${bytes}`,
      `DATA:Image/PNG;base64,${bytes}`,
      ` data:image/jpeg;base64,${bytes}`,
      `data:;base64,${bytes}`,
    ];
    for (const url of urls)
      log.record(
        1,
        'sent',
        JSON.stringify({
          type: 'conversation.item.create',
          item: {
            type: 'message',
            role: 'user',
            content: [{ type: 'input_image', image_url: url }],
          },
        }),
        false,
      );
    log.flush();
    const written = readFileSync(path, 'utf8');
    expect(written).not.toContain(bytes.slice(0, 64));
    expect(written.match(/image data URL of \d+ characters elided/g)).toHaveLength(urls.length);
  });
});
