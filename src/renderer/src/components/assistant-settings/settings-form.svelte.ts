import type {
  AssistantSettingsUpdate,
  McpServerConfig,
  McpServerView,
  ModelPrice,
} from '@shared/assistant';
import type { AssistantSettingsView } from '@shared/assistant-ipc';
import type { HarkApi, SettingsView } from '@shared/ipc';

/** The "add a server" fields, empty. */
function noNewServer(): {
  label: string;
  url: string;
  allowedTools: string;
  approval: 'always' | 'never';
  token: string;
} {
  return { label: '', url: '', allowedTools: '', approval: 'always', token: '' };
}

/** The server as configured, without the view's token state. */
function configOf({
  hasAuthorization: _h,
  authorizationNeedsReentry: _r,
  ...server
}: McpServerView): McpServerConfig {
  return server;
}

/**
 * ✦'s working copy and what its tabs do with it. It lives as long as the dialog, so what is
 * typed in one tab survives a visit to another; nothing in the draft is sent until "Save".
 */
export class AssistantSettingsForm {
  draft: AssistantSettingsView;
  voice: string;
  /** The price row of the session's model, edited apart from the draft's table. */
  price: ModelPrice | null;
  readonly model: string;
  status = $state<string | null>(null);
  error = $state<string | null>(null);
  newServer = $state(noNewServer());
  /** Tokens typed again for servers whose stored one no longer fits (main binds them). */
  reentered = $state<Record<string, string>>({});

  constructor(
    private readonly api: HarkApi,
    settings: AssistantSettingsView,
    /** The app settings as they are now (the saved voice changes under the dialog). */
    private readonly app: () => SettingsView,
  ) {
    this.draft = $state(structuredClone($state.snapshot(settings)));
    this.voice = $state(app().voice);
    this.model = app().model;
    const price = this.draft.prices[this.model];
    this.price = $state(price ? { ...price } : null);
  }

  /** A saved server list (from main) replaces the draft's. */
  takeServers(servers: McpServerView[]): void {
    this.draft.mcpServers = structuredClone($state.snapshot(servers));
  }

  /** Sends the draft (and the voice, if changed); `section` names what was saved. */
  async save(section: string): Promise<void> {
    const { draft, price, model } = this;
    this.error = null;
    this.status = null;
    const update: AssistantSettingsUpdate = {
      instructions: draft.instructions,
      speed: Number(draft.speed),
      outputDeviceId: draft.outputDeviceId,
      transcription: draft.transcription,
      transcriptionModel: draft.transcriptionModel,
      transcriptionLanguage: draft.transcriptionLanguage.trim().toLowerCase(),
      transcriptionVocabulary: draft.transcriptionVocabulary.trim(),
      noiseReduction: draft.noiseReduction,
      falseInterruptionRecovery: draft.falseInterruptionRecovery,
      semanticEagerness: draft.semanticEagerness,
      vadSilenceMs: Number(draft.vadSilenceMs),
      vadThreshold: Number(draft.vadThreshold),
      idleCapMinutes: Number(draft.idleCapMinutes),
      spendCapUsd: Number(draft.spendCapUsd),
      historyEnabled: draft.historyEnabled,
      prices: price ? { ...draft.prices, [model]: price } : draft.prices,
      mcpServers: draft.mcpServers.map(configOf),
    };
    const result = await this.api.saveAssistantSettings(update);
    if (!result.ok) return void (this.error = result.error ?? 'The settings could not be saved.');
    if (this.voice !== this.app().voice) {
      const saved = await this.api.saveSettings({ voice: this.voice });
      if (!saved.ok) return void (this.error = saved.error ?? 'The voice could not be changed.');
    }
    this.status = result.needsNewSession
      ? `${section}: saved. The changes apply from the next turn (Hark starts a new session between turns).`
      : `${section}: saved.`;
  }

  /** Adds the server typed in `newServer` at once (with its token, if any). */
  async addServer(): Promise<void> {
    const { newServer } = this;
    this.error = null;
    const server = {
      label: newServer.label.trim(),
      url: newServer.url.trim(),
      allowedTools: newServer.allowedTools
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      approval: newServer.approval,
      enabled: true,
    };
    const servers = [...this.draft.mcpServers.map(configOf), server];
    const result = await this.api.saveAssistantSettings({
      mcpServers: servers,
      ...(newServer.token.trim()
        ? { mcpAuthorization: { label: server.label, value: newServer.token.trim() } }
        : {}),
    });
    if (!result.ok) return void (this.error = result.error ?? 'The server could not be added.');
    this.newServer = noNewServer();
    this.status = 'MCP server added; it is offered to the model from the next session.';
  }

  async saveToken(label: string): Promise<void> {
    this.error = null;
    const value = (this.reentered[label] ?? '').trim();
    if (!value) return;
    const result = await this.api.saveAssistantSettings({ mcpAuthorization: { label, value } });
    if (!result.ok) return void (this.error = result.error ?? 'The token could not be saved.');
    this.reentered[label] = '';
    this.status = `Token saved for ${label}; it is sent from the next session.`;
  }

  async removeServer(label: string): Promise<void> {
    const servers = this.draft.mcpServers.filter((s) => s.label !== label).map(configOf);
    const result = await this.api.saveAssistantSettings({
      mcpServers: servers,
      mcpAuthorization: { label, value: '' },
    });
    if (!result.ok) this.error = result.error ?? 'The server could not be removed.';
  }

  async forgetAlways(): Promise<void> {
    const result = await this.api.saveAssistantSettings({ forgetAlwaysAllowed: true });
    this.status = result.ok ? 'Every tool asks again before it acts.' : (result.error ?? null);
  }
}
