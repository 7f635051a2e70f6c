/** e_machine values of the ELF header (System V ABI) for the architectures Hark packages. */
export const MACHINE_OF_ARCH = { ia32: 3, x64: 62, arm64: 183, loong64: 258 } as const;

/** The machine an ELF file is built for; throws for a file that is not ELF. */
export function elfMachine(bytes: Uint8Array): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 20 || view.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  // EI_DATA (byte 5): 1 little-endian, 2 big-endian; e_machine is the half-word at 18.
  return view[5] === 2 ? view.readUInt16BE(18) : view.readUInt16LE(18);
}
