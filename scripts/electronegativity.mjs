// `npm run test:electronegativity`: @doyensec/electronegativity over src, assuming the
// project's Electron version, with a gate: any HIGH or MEDIUM finding fails the run unless
// .electronegativity.json suppresses it with a written reason. Offline: the check that
// downloads Electron's release list is left out (the version comes from node_modules).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
const GATED = new Set(['HIGH', 'MEDIUM']);

/** One CSV record per finding; fields may be quoted and hold commas, quotes and newlines. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field.trim());
    if (row.some(Boolean)) rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  endRow();
  return rows;
}

/** Split findings into failures (gated, not suppressed), suppressed ones, and the rest. */
export function judge(findings, suppressions) {
  const failures = [];
  const suppressed = [];
  const used = new Set();
  for (const finding of findings) {
    if (!GATED.has(finding.severity)) continue;
    const match = suppressions.find((s) => s.rule === finding.rule && s.file === finding.file);
    if (match) {
      used.add(match);
      suppressed.push({ ...finding, reason: match.reason });
    } else failures.push(finding);
  }
  const stale = suppressions.filter((s) => !used.has(s));
  return { failures, suppressed, stale };
}

function loadSuppressions() {
  const list = JSON.parse(readFileSync(join(root, '.electronegativity.json'), 'utf8')).suppress;
  for (const s of list) {
    if (!s.rule || !s.file || typeof s.reason !== 'string' || s.reason.trim().length < 20)
      throw new Error(
        `.electronegativity.json: every suppression needs a rule, a file and a written reason (${JSON.stringify(s)})`,
      );
  }
  return list;
}

function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hark-electronegativity-'));
  const csv = join(dir, 'findings.csv');
  const started = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      cli,
      '-i',
      join(root, 'src'),
      '-e',
      electronVersion,
      '-r',
      '-v',
      'false',
      '-x',
      'AvailableSecurityFixesGlobalCheck',
      '-o',
      csv,
    ],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (run.status !== 0) {
    console.error(
      `electronegativity failed to run (exit ${run.status}):\n${run.stdout}\n${run.stderr}`,
    );
    process.exit(1);
  }
  const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  if (header?.[0] !== 'issue') throw new Error('electronegativity wrote an unexpected CSV');
  const findings = rows.map(
    ([rule, severity, confidence, file, location, sample, description]) => ({
      rule,
      severity,
      confidence,
      file,
      location,
      sample,
      description,
    }),
  );
  const { failures, suppressed, stale } = judge(findings, loadSuppressions());
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `electronegativity (Electron ${electronVersion}) over src: ${findings.length} findings in ${seconds} s; ` +
      `${suppressed.length} HIGH/MEDIUM suppressed with a reason, ${failures.length} not.`,
  );
  for (const f of suppressed)
    console.log(`  suppressed ${f.severity} ${f.rule} ${f.file}:${f.location} — ${f.reason}`);
  for (const s of stale) console.log(`  note: suppression no longer needed: ${s.rule} ${s.file}`);
  for (const f of failures)
    console.error(
      `  ✗ ${f.severity} ${f.rule} ${f.file}:${f.location}: ${f.description} (${f.sample})`,
    );
  process.exit(failures.length ? 1 : 0);
}

if (resolve(process.argv[1] ?? '') === resolve(import.meta.filename)) main();
