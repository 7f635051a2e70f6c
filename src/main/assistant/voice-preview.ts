import type { RealtimeResponseUsage } from 'openai/resources/realtime/realtime';
import type { PriceTable, VoicePreviewResult } from '../../shared/assistant';
import type { Endpoint } from '../engine/providers';
import { DEFAULT_SESSION_SETTINGS } from '../realtime/session-config';
import { RealtimeSession } from '../realtime/session';
import { countsOf, costOf } from './usage/usage-meter';
import { priceFor } from './usage/prices';

export interface VoicePreviewOptions {
  /** Where the sample is rendered: the endpoint the conversation uses (its key goes nowhere else). */
  endpoint: () => Promise<Endpoint>;
  prices: () => PriceTable;
  /** Longest the whole preview may take. Default 20 s. */
  timeoutMs?: number;
}

/** At most this much audio is kept (24 kHz PCM16): ~8 s, well past the sentence. */
const MAX_SAMPLE_BYTES = 8 * 48_000;
/** Samples kept for replay without another request, newest last. */
const CACHE_SIZE = 12;

export const sampleSentence = (voice: string): string =>
  `Hello, I'm ${voice}. This is how I sound when I answer you.`;

/**
 * A short spoken sample of a voice, rendered by the service in a session of its own: the
 * conversation's session keeps its voice (the service fixes it once it has spoken) and its
 * history, and the sample costs one tiny response (its price is returned, never hidden).
 * Samples are kept per endpoint and voice, so playing one again is free.
 */
export class VoicePreview {
  private readonly cache = new Map<string, { pcm: Buffer; endpoint: string }>();
  private running: Promise<VoicePreviewResult> | null = null;

  constructor(private readonly options: VoicePreviewOptions) {}

  async render(voice: string): Promise<VoicePreviewResult> {
    // One at a time: a second press while one renders waits for it instead of paying twice.
    if (this.running) await this.running.catch(() => undefined);
    const run = this.renderNow(voice);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  private async renderNow(voice: string): Promise<VoicePreviewResult> {
    let endpoint: Endpoint;
    try {
      endpoint = await this.options.endpoint();
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    const key = `${endpoint.provider} ${endpoint.model} ${voice}`;
    const cached = this.cache.get(key);
    if (cached && cached.endpoint === endpoint.url)
      return {
        ok: true,
        audio: cached.pcm.toString('base64'),
        cached: true,
        tokens: 0,
        cost: 0,
        simulated: endpoint.provider === 'simulator',
      };
    const rendered = await this.fromService(endpoint, voice);
    if (!rendered.ok) return rendered;
    this.cache.delete(key);
    this.cache.set(key, { pcm: rendered.pcm, endpoint: endpoint.url });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    const price = priceFor(this.options.prices(), endpoint.model);
    const counts = countsOf(rendered.usage);
    return {
      ok: true,
      audio: rendered.pcm.toString('base64'),
      cached: false,
      tokens: Object.entries(counts)
        .filter(([name]) => name !== 'inputCached')
        .reduce((sum, [, n]) => sum + n, 0),
      cost: price ? costOf(rendered.usage, price) : null,
      simulated: endpoint.provider === 'simulator',
    };
  }

  private fromService(
    endpoint: Endpoint,
    voice: string,
  ): Promise<
    { ok: true; pcm: Buffer; usage: RealtimeResponseUsage | null } | { ok: false; error: string }
  > {
    const session = new RealtimeSession(
      endpoint,
      {
        ...DEFAULT_SESSION_SETTINGS,
        model: endpoint.model,
        voice,
        instructions: 'You read sentences aloud exactly as given, in a friendly tone.',
        turnDetection: 'push-to-talk',
        transcriptionModel: null,
      },
      { setupTimeoutMs: this.options.timeoutMs ?? 20_000 },
    );
    const chunks: Buffer[] = [];
    let bytes = 0;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (
        result:
          | { ok: true; pcm: Buffer; usage: RealtimeResponseUsage | null }
          | { ok: false; error: string },
      ): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        offs.forEach((off) => off());
        session.close();
        resolve(result);
      };
      const timer = setTimeout(
        () => finish({ ok: false, error: 'The service did not send the sample in time.' }),
        this.options.timeoutMs ?? 20_000,
      );
      const offs = [
        session.on('output-audio', ({ pcm }) => {
          if (bytes >= MAX_SAMPLE_BYTES) return;
          const part = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
          const kept = part.subarray(0, MAX_SAMPLE_BYTES - bytes);
          chunks.push(Buffer.from(kept));
          bytes += kept.byteLength;
        }),
        session.on('response-done', ({ status, usage }) => {
          if (status !== 'completed' || bytes === 0)
            finish({ ok: false, error: `The sample ended without audio (status "${status}").` });
          else finish({ ok: true, pcm: Buffer.concat(chunks), usage: usage ?? null });
        }),
        session.on('closed', (closure) => finish({ ok: false, error: closure.diagnosis })),
      ];
      void session.start().then((closure) => {
        if (closure) return finish({ ok: false, error: closure.diagnosis });
        session.send({
          type: 'response.create',
          response: {
            output_modalities: ['audio'],
            instructions: `Say exactly this, and nothing else: "${sampleSentence(voice)}"`,
          },
        });
      });
    });
  }
}
