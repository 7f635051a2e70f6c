import { pcm16BytesToMs } from '../../shared/audio/format';

/**
 * The audio of the talk turn in progress, kept (bounded) until the server has committed
 * it, so a dropped socket loses nothing: after a reconnect it is sent again from the start.
 * Frames waiting behind backpressure are coalesced into larger appends.
 */
export class TurnAudio {
  private frames: Uint8Array[] = [];
  private bytes = 0;
  private sent = 0;

  constructor(
    private readonly maxBytes = 24_000 * 2 * 60, // a whole turn (MAX_TURN_MS)
    private readonly coalesceBytes = 24_000 * 2 * 0.1,
  ) {}

  get durationMs(): number {
    return pcm16BytesToMs(this.bytes);
  }

  get unsentFrames(): number {
    return this.frames.length - this.sent;
  }

  /** Keep a copy of the frame; false (and nothing kept) when the turn is at its bound. */
  add(frame: Uint8Array): boolean {
    if (this.bytes + frame.byteLength > this.maxBytes) return false;
    this.frames.push(frame.slice());
    this.bytes += frame.byteLength;
    return true;
  }

  /** A new session has an empty input buffer: everything must be sent again. */
  rewind(): void {
    this.sent = 0;
  }

  /**
   * Send what has not been sent while `canSend` allows, coalescing a backlog into appends
   * of up to `coalesceBytes`. Returns the frames and bytes sent.
   */
  flush(
    send: (chunk: Uint8Array) => boolean,
    canSend: () => boolean,
  ): { frames: number; bytes: number } {
    let frames = 0;
    let bytes = 0;
    while (this.sent < this.frames.length && canSend()) {
      let end = this.sent + 1;
      let size = this.frames[this.sent]!.byteLength;
      while (
        end < this.frames.length &&
        size + this.frames[end]!.byteLength <= this.coalesceBytes
      ) {
        size += this.frames[end]!.byteLength;
        end++;
      }
      const chunk =
        end - this.sent === 1
          ? this.frames[this.sent]!
          : concat(this.frames.slice(this.sent, end), size);
      if (!send(chunk)) break;
      frames += end - this.sent;
      bytes += size;
      this.sent = end;
    }
    return { frames, bytes };
  }

  clear(): void {
    this.frames = [];
    this.bytes = 0;
    this.sent = 0;
  }
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
