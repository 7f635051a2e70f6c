/**
 * Run with `node --expose-gc --import tsx tests/support/rollover-retention.ts [rollovers]`:
 * a VoiceController on the embedded simulator rolls over quietly N times; then, after
 * forced collections, prints how many RealtimeSessions are still reachable as JSON.
 */
import { RealtimeSession } from '../../src/main/realtime/session';
import {
  DEFAULT_SETTINGS,
  MemorySecretStore,
  MemorySettingsStore,
} from '../../src/main/settings/settings-model';
import { VoiceController } from '../../src/main/voice/voice-controller';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const rollovers = Number(process.argv[2] ?? 50);

let created = 0;
let collected = 0;
const registry = new FinalizationRegistry(() => collected++);
// Count every session the controller creates (instrumentation only: behaviour unchanged).
const start = RealtimeSession.prototype.start;
RealtimeSession.prototype.start = function (this: RealtimeSession) {
  created++;
  registry.register(this, undefined);
  return start.call(this);
};

const controller = new VoiceController({
  settings: new MemorySettingsStore({ ...DEFAULT_SETTINGS }),
  secrets: new MemorySecretStore(null),
  simulator: { pacing: 'instant' },
  // A rollover every ~20 ms.
  sessionLifetimeMs: { simulator: 30 },
  rolloverMarginMs: 10,
});

await controller.connect();
const deadline = Date.now() + 30_000;
while (created < rollovers + 1 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 10));
}
// A turn in progress holds further rollovers back (one already under way may still finish).
controller.talkStart();
await new Promise((resolve) => setTimeout(resolve, 100));
const state = controller.snapshot().health.state;
for (let i = 0; i < 10; i++) {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const reachable = created - collected;
await controller.dispose();
process.stdout.write(
  JSON.stringify({ rollovers: created - 1, created, collected, reachable, state }) + '\n',
);
