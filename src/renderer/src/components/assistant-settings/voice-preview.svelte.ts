import type { HarkApi } from '@shared/ipc';
import { formatCost } from '@shared/assistant-format';
import { playSample } from '../../audio/sample-player';

/** ✦ → Voice's "▶ Preview": asks main for a sample, plays it and says what it cost. */
export class VoicePreview {
  previewing = $state(false);
  status = $state<string | null>(null);

  constructor(private readonly api: HarkApi) {}

  async play(voice: string): Promise<void> {
    this.previewing = true;
    this.status = `Asking for a sample of ${voice}…`;
    try {
      const result = await this.api.previewVoice(voice);
      if (!result.ok) return void (this.status = `No sample: ${result.error}`);
      const paid = result.cached
        ? 'played again from memory, free'
        : result.simulated
          ? 'from the simulator, free'
          : `${result.tokens.toLocaleString('en-US')} tokens${result.cost === null ? '' : `, ${formatCost(result.cost)}`}`;
      this.status = `Playing ${voice} (${paid}).`;
      await playSample(result.audio);
      this.status = `Played ${voice} (${paid}).`;
    } catch (problem) {
      this.status = `The sample could not be played: ${problem instanceof Error ? problem.message : String(problem)}`;
    } finally {
      this.previewing = false;
    }
  }
}
