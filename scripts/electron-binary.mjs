// Where Electron's binary is, or why it is not there. Shared by the install check and `npm start`.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export function electronBinary() {
  let root;
  try {
    root = dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, why: 'the electron package is not installed (run npm install)' };
  }
  const pathFile = join(root, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      root,
      why: "Electron's binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD, or no access to its download host)",
    };
  }
  const binary = join(root, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary))
    return { ok: false, root, why: `Electron's binary is missing at ${binary}` };
  return { ok: true, root, binary };
}

export const WITHOUT_ELECTRON = `What works without it:
  npm run doctor       a full voice round trip against the embedded simulator (or --url/--api-key for a real endpoint)
  npm run simulator    the Realtime protocol simulator on 127.0.0.1, for any client
  npm run preview:web  the Hark window in your browser, talking to the same core
  npm test             every check and test (the Electron smoke test is skipped)`;
