#!/usr/bin/env node
// A stand-in for fpm (which electron-builder would download): it records the arguments
// electron-builder hands over for the .deb — the package's metadata — as JSON in
// FPM_STANDIN_RECORD, and builds a .deb with dpkg-deb (when installed, so that dpkg itself
// checks the fields) from the control fields, the install scripts and the small files (the
// .desktop entry); the app's own folder is not copied.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
writeFileSync(process.env.FPM_STANDIN_RECORD, JSON.stringify(args));
const values = (flag) => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const one = (flag) => values(flag)[0];

const root = mkdtempSync(join(tmpdir(), 'fpm-standin-'));
mkdirSync(join(root, 'DEBIAN'));
const description = one('--description').split('\n');
const control = [
  `Package: ${one('--name')}`,
  `Version: ${one('--version')}`,
  `Architecture: ${one('--architecture')}`,
  `Maintainer: ${one('--maintainer')}`,
  `Homepage: ${one('--url')}`,
  `Section: ${one('--category')}`,
  `Priority: ${one('--deb-priority')}`,
  `Depends: ${values('-d').join(', ')}`,
  `Recommends: ${values('--deb-recommends').join(', ')}`,
  `Description: ${description[0]}`,
  ...description.slice(1).map((line) => ` ${line.trim() || '.'}`),
  '',
].join('\n');
writeFileSync(join(root, 'DEBIAN', 'control'), control);
for (const [flag, script] of [
  ['--after-install', 'postinst'],
  ['--after-remove', 'postrm'],
]) {
  if (!one(flag)) continue;
  copyFileSync(one(flag), join(root, 'DEBIAN', script));
  spawnSync('chmod', ['755', join(root, 'DEBIAN', script)]);
}
for (const mapping of args.filter((a) => /^[^-].*=\//.test(a))) {
  const [from, to] = mapping.split('=');
  if (statSync(from).isDirectory()) continue; // the app folder: not needed for the metadata
  mkdirSync(join(root, dirname(to)), { recursive: true });
  copyFileSync(from, join(root, to));
}
const built = spawnSync('dpkg-deb', ['--build', '--root-owner-group', root, one('--package')], {
  encoding: 'utf8',
});
if (built.error)
  writeFileSync(one('--package'), ''); // no dpkg-deb here: the record is enough
else if (built.status !== 0) {
  process.stderr.write(built.stderr);
  process.exit(built.status ?? 1);
}
