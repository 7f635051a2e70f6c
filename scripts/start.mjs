// `npm start`: build and launch the desktop app, or explain what to run instead.
import { spawnSync } from 'node:child_process';
import { electronBinary, WITHOUT_ELECTRON } from './electron-binary.mjs';

const status = electronBinary();
if (!status.ok) {
  console.error(`Hark cannot open its window here: ${status.why}.
Install it with \`npm rebuild electron\` on a machine that can download it.
${WITHOUT_ELECTRON}`);
  process.exit(1);
}
const run = spawnSync('npx', ['electron-vite', 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
