/**
 * One reusable ArrayBuffer per delta size, for a sink that copies what it is given before
 * returning: Electron's `MessagePortMain.postMessage` serializes its message synchronously
 * (it cannot transfer an ArrayBuffer), so the same buffer can carry every 20 ms delta. The
 * decoded PCM is a view into Node's pool, and posting a view would copy its whole pool;
 * allocating a fresh ArrayBuffer per delta instead was most of main's cost per delta.
 * Never hand a scratch buffer to anything that keeps it.
 */
export class PortScratch {
  /** Each size's buffer, with a view over all of it to copy into. */
  private readonly bySize = new Map<number, Uint8Array<ArrayBuffer>>();

  /** @param sizes how many sizes are kept (a server varying its delta sizes only churns). */
  constructor(private readonly sizes = 8) {}

  /** `pcm`'s bytes in a buffer of exactly its length, valid until the next call. */
  copy(pcm: Uint8Array): ArrayBuffer {
    let view = this.bySize.get(pcm.byteLength);
    if (view === undefined) {
      view = new Uint8Array(pcm.byteLength);
      if (this.bySize.size >= this.sizes) this.bySize.delete(this.bySize.keys().next().value!);
      this.bySize.set(pcm.byteLength, view);
    }
    view.set(pcm);
    return view.buffer;
  }
}
