// postinstall: make sure Electron's binary is there, and say plainly what it means when it cannot be.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { electronBinary, WITHOUT_ELECTRON } from './electron-binary.mjs';

const status = electronBinary();
if (!status.ok && status.root && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  // npm may not have run electron's own install script (allowScripts); run it once ourselves.
  const run = spawnSync(process.execPath, [join(status.root, 'install.js')], {
    stdio: 'inherit',
    timeout: 300_000,
  });
  if (run.status === 0 && electronBinary().ok) process.exit(0);
}
if (!electronBinary().ok) {
  console.log(`\nhark: ${electronBinary().why}.
The install is complete all the same: only the desktop window (npm start) needs that binary.
${WITHOUT_ELECTRON}
To get the desktop app later, on a machine that can download it: npm rebuild electron\n`);
}
