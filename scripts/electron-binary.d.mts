export interface ElectronBinaryStatus {
  ok: boolean;
  root?: string;
  binary?: string;
  why?: string;
}
export function electronBinary(): ElectronBinaryStatus;
export const WITHOUT_ELECTRON: string;
