/**
 * Decoded audio deltas share large slabs instead of each getting an ArrayBuffer of its own:
 * allocating (and later collecting) a buffer per 20–100 ms delta cost more than decoding it.
 * A slab region is handed out once and never written again, so a view stays valid for as
 * long as anyone keeps it (keeping one keeps its slab alive: at most 64 KiB). Node's own
 * pool does the same for results under 4 KiB only; real deltas are often larger.
 */
import { writeBase64 } from './buffer-codecs';

const SLAB_BYTES = 64 * 1024;
/** Larger deltas get a buffer of their own: they are rare, and would waste a slab's tail. */
const LARGEST_SHARED = SLAB_BYTES / 4;

export class PcmSlab {
  private slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
  private used = 0;

  /**
   * `base64` decoded into `bytes` bytes, or null when it decodes to fewer (characters
   * outside base64 are skipped by Node's decoder, padding inside stops it).
   */
  decode(base64: string, bytes: number): Buffer | null {
    if (bytes > LARGEST_SHARED) {
      const own = Buffer.from(base64, 'base64');
      return own.byteLength === bytes ? own : null;
    }
    if (this.used + bytes > SLAB_BYTES) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.used = 0;
    }
    const start = this.used;
    if (writeBase64(this.slab, base64, start, bytes) !== bytes) return null;
    // 8-byte aligned starts, so a view can always be read as Int16 or Float32 in place.
    this.used = start + bytes + (-bytes & 7);
    return this.slab.subarray(start, start + bytes);
  }
}
