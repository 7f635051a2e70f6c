/**
 * Redaction of streamed text. A server that echoes a key in a transcript, a text reply or
 * tool arguments sends it in pieces (`…delta` events); redacting each piece alone lets every
 * piece through. So each stream (item and content part) holds back the end of what it has
 * received while that end could still be the start of a secret (Redactor.secretTailStart),
 * releases the rest redacted, and lets the held tail go — redacted — when the stream ends
 * (its `.done`, or the response's `response.done`). A delta whose end cannot begin a secret
 * goes through at once; only the stream's own short tail is looked at per delta.
 */
import type { IncomingEvent } from '../realtime/protocol';
import { KEY_REDACTED, MAX_HELD_SECRET, MIN_FRAGMENT, type Redactor } from './redaction';

/** Delta event type → the event types that end its stream. */
const STREAMS: Record<string, readonly string[]> = {
  'response.output_audio_transcript.delta': ['response.output_audio_transcript.done'],
  'response.output_text.delta': ['response.output_text.done'],
  'response.function_call_arguments.delta': ['response.function_call_arguments.done'],
  'conversation.item.input_audio_transcription.delta': [
    'conversation.item.input_audio_transcription.completed',
    'conversation.item.input_audio_transcription.failed',
  ],
};

const ENDS = new Map<string, string>(
  Object.entries(STREAMS).flatMap(([delta, ends]) => ends.map((end) => [end, delta] as const)),
);

/** Where an ending event carries the stream's whole text. */
const FINAL_TEXT_FIELDS = ['transcript', 'text', 'arguments'] as const;

/** Streams holding text at once; a further one makes the oldest let its tail go. */
const MAX_OPEN_STREAMS = 64;

interface HeldStream {
  text: string;
  /** Its beginning may still turn out to be the end of a secret begun elsewhere. */
  headOpen: boolean;
  /** The stream's last delta, redacted, as the template of the event that releases the tail. */
  last: IncomingEvent;
}

export class DeltaRedactor {
  private readonly streams = new Map<string, HeldStream>();
  /**
   * The last characters each open stream passed on (raw, under MIN_FRAGMENT): a run of a
   * secret split across deltas is caught where it continues (Redactor.fragmentsRedacted).
   */
  private readonly passed = new Map<string, string>();

  constructor(private redactor: Redactor) {}

  /** Redact with this one from now on (it learned another secret). */
  use(redactor: Redactor): void {
    this.redactor = redactor;
  }

  /** The events to pass on for one received event (redacted): itself, preceded by a released tail. */
  process(event: IncomingEvent): IncomingEvent[] {
    if (Object.hasOwn(STREAMS, event.type) && typeof event.delta === 'string')
      return this.delta(event);
    const deltaType = ENDS.get(event.type);
    const out: IncomingEvent[] = [];
    if (deltaType) {
      const key = streamKey(deltaType, event);
      const released = this.release(key);
      if (released) out.push(released);
      this.passed.delete(key);
    } else if (event.type === 'response.done') {
      // A response that ends without its parts' `.done` (cancelled, failed) ends its own
      // streams — not those of another response still under way.
      const responseId = (event.response as { id?: unknown } | undefined)?.id;
      for (const [key, stream] of [...this.streams])
        if (!stream.last.type.startsWith('conversation.') && stream.last.response_id === responseId)
          out.push(this.release(key)!);
      for (const key of [...this.passed.keys()])
        if (!this.streams.has(key) && !key.startsWith('conversation.')) this.passed.delete(key);
    }
    const copy = this.redactor.deep(event);
    // The full text of an ended stream: a key cut short at its end is redacted too.
    const field = deltaType && FINAL_TEXT_FIELDS.find((name) => typeof event[name] === 'string');
    if (field)
      copy[field] = this.redactor.finalText(this.redactor.headText(event[field] as string));
    out.push(copy);
    return out;
  }

  /** Text held back at the moment (tests, and a check that nothing is left). */
  get heldCharacters(): number {
    let total = 0;
    for (const stream of this.streams.values()) total += stream.text.length;
    return total;
  }

  private delta(event: IncomingEvent): IncomingEvent[] {
    const key = streamKey(event.type, event);
    const held = this.streams.get(key);
    let text = (held?.text ?? '') + (event.delta as string);
    const out: IncomingEvent[] = [];
    // At the cap the oldest stream lets its tail go (redacted) to make room: memory stays
    // bounded, and a stream that never ends (a transcription without its .completed) cannot
    // switch the hold-back off for the streams after it.
    if (!held && this.streams.size >= MAX_OPEN_STREAMS) {
      const oldest = this.streams.keys().next().value as string;
      out.push(this.release(oldest)!);
    }
    // A new stream's start is checked for the end of a known secret (its start may have
    // gone out in another stream): held while undecided, the part that ends one replaced.
    if (held ? held.headOpen : true) {
      const cut = this.redactor.secretHeadCut(text);
      if (cut === 'undecided' && text.length < MAX_HELD_SECRET) {
        const copy = this.redactor.deep({ ...event, delta: '' });
        this.streams.delete(key);
        this.streams.set(key, { text, headOpen: true, last: copy });
        out.push(copy);
        return out;
      }
      if (typeof cut === 'number' && cut > 0) text = `${KEY_REDACTED}${text.slice(cut)}`;
    }
    const before = this.passed.get(key) ?? '';
    let start = this.redactor.secretTailStart(text);
    let released: string;
    if (start === text.length) {
      released = this.redactor.text(text, before);
    } else {
      released = this.redactor.text(text.slice(0, start), before);
      // A secret complete in `text` that began before the held tail would be cut: hold it all
      // (up to the longest secret; past that, let it all go redacted).
      const whole = this.redactor.text(text);
      if (released + this.redactor.text(text.slice(start)) !== whole) {
        const fits = text.length <= MAX_HELD_SECRET;
        start = fits ? 0 : text.length;
        released = fits ? '' : this.redactor.text(text, before);
      }
    }
    this.remember(key, before + text.slice(0, start));
    const copy = this.redactor.deep({ ...event, delta: '' });
    copy.delta = released;
    this.streams.delete(key);
    if (start < text.length)
      this.streams.set(key, { text: text.slice(start), headOpen: false, last: copy });
    out.push(copy);
    return out;
  }

  /** The held tail of a stream as one more delta, redacted; null when nothing is held. */
  private release(key: string): IncomingEvent | null {
    const stream = this.streams.get(key);
    if (!stream) return null;
    this.streams.delete(key);
    const before = this.passed.get(key) ?? '';
    this.passed.delete(key);
    const eventId = typeof stream.last.event_id === 'string' ? stream.last.event_id : 'evt';
    return {
      ...stream.last,
      event_id: `${eventId}_tail`,
      delta: this.redactor.fragmentsRedacted(
        this.redactor.finalText(
          stream.headOpen ? this.redactor.headText(stream.text) : stream.text,
        ),
        before,
      ),
    };
  }

  /** Keeps the end of what a stream passed on; as many streams as may be held at once. */
  private remember(key: string, passedText: string): void {
    this.passed.delete(key);
    if (!passedText) return;
    if (this.passed.size >= MAX_OPEN_STREAMS) this.passed.delete(this.passed.keys().next().value!);
    this.passed.set(key, passedText.slice(-(MIN_FRAGMENT - 1)));
  }
}

function streamKey(deltaType: string, event: IncomingEvent): string {
  const part = (name: string): string => {
    const value = event[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  };
  return `${deltaType}\n${part('item_id')}\n${part('content_index')}`;
}
