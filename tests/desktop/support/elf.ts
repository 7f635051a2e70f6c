/** e_machine values of the ELF header (System V ABI) for the architectures Hark packages. */
export const MACHINE_OF_ARCH = { ia32: 3, x64: 62, arm64: 183, loong64: 258 } as const;

/** The machine an ELF file is built for; throws for a file that is not ELF. */
export function elfMachine(bytes: Uint8Array): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 20 || view.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  // EI_DATA (byte 5): 1 little-endian, 2 big-endian; e_machine is the half-word at 18.
  return view[5] === 2 ? view.readUInt16BE(18) : view.readUInt16LE(18);
}

/**
 * The architecture a native module is built for, from its header: ELF (Linux), Mach-O
 * (macOS, thin) or PE (Windows); null for a machine this table does not know.
 */
export function nativeArch(bytes: Uint8Array): 'x64' | 'arm64' | 'ia32' | 'loong64' | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.readUInt32BE(0) === 0x7f454c46) {
    const machine = elfMachine(view);
    const found = Object.entries(MACHINE_OF_ARCH).find(([, m]) => m === machine);
    return (found?.[0] as 'x64' | 'arm64' | 'ia32' | 'loong64' | undefined) ?? null;
  }
  if (view.readUInt32LE(0) === 0xfeedfacf) {
    const cpu = view.readUInt32LE(4);
    return cpu === 0x01000007 ? 'x64' : cpu === 0x0100000c ? 'arm64' : null;
  }
  if (view.toString('latin1', 0, 2) === 'MZ') {
    const pe = view.readUInt32LE(0x3c);
    const machine = view.readUInt16LE(pe + 4);
    return machine === 0x8664
      ? 'x64'
      : machine === 0xaa64
        ? 'arm64'
        : machine === 0x14c
          ? 'ia32'
          : null;
  }
  throw new Error('not a native module (ELF, Mach-O or PE)');
}
