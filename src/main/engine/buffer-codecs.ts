/**
 * Buffer's native latin1 and base64 codecs, called directly by the audio delta fast path.
 * The documented wrappers (`buf.toString(encoding)`, `buf.write(text, …, encoding)`) are
 * one JavaScript function shared by every caller in the process, and other callers' argument
 * shapes (Node's own `atob`, for one) made their inline caches polymorphic: while both ran,
 * main's delta path cost 1.7× as much (bench/codec.ts, `main_delta_ratio_vs_beta`). Node
 * has carried these methods on `Buffer.prototype` since its first releases; where they are
 * missing the wrappers are used.
 */
interface NativeCodecs {
  latin1Slice(start: number, end: number): string;
  base64Write(text: string, offset: number, length: number): number;
}

const native = Buffer.prototype as unknown as Partial<NativeCodecs>;

/** `bytes[start, end)` as latin1 text: one character per byte. */
export const latin1Text: (bytes: Buffer, start: number, end: number) => string =
  typeof native.latin1Slice === 'function'
    ? (bytes, start, end) => (bytes as unknown as NativeCodecs).latin1Slice(start, end)
    : (bytes, start, end) => bytes.toString('latin1', start, end);

/** Decode base64 `text` into `bytes` at `offset`, at most `length` bytes; how many were written. */
export const writeBase64: (bytes: Buffer, text: string, offset: number, length: number) => number =
  typeof native.base64Write === 'function'
    ? (bytes, text, offset, length) =>
        (bytes as unknown as NativeCodecs).base64Write(text, offset, length)
    : (bytes, text, offset, length) => bytes.write(text, offset, length, 'base64');
