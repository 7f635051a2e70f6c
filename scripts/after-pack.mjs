// electron-builder afterPack hook: turn on Electron's embedded asar integrity check where
// Electron enforces it (macOS and Windows; electron-builder embeds the asar's hash there).
// The other fuses come from `electronFuses` in electron-builder.yml, flipped right after this.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

const INTEGRITY_PLATFORMS = new Set(['darwin', 'mas', 'win32']);

export default async function afterPack(context) {
  if (!INTEGRITY_PLATFORMS.has(context.electronPlatformName)) return;
  await context.packager.addElectronFuses(context, {
    version: FuseVersion.V1,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  });
}
