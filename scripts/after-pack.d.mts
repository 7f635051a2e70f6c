import type { FuseConfig } from '@electron/fuses';

export interface AfterPackContext {
  electronPlatformName: string;
  packager: { addElectronFuses(context: unknown, fuses: FuseConfig): Promise<unknown> };
}

export default function afterPack(context: AfterPackContext): Promise<void>;
