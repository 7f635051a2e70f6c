import type { ApprovalRequest, AssistantStatus, UsageMessage } from '@shared/assistant';
import type { AssistantSettingsView } from '@shared/assistant-ipc';
import type { HarkApi } from '@shared/ipc';
import type { TranscriptStore } from './transcript.svelte';

const EMPTY_STATUS: AssistantStatus = {
  sessionCost: null,
  responses: 0,
  idleCapAt: null,
  idlePaused: false,
  spendCapReached: false,
  rateLimits: [],
  pendingApprovals: [],
};

/** What the window knows of the assistant: approvals to answer, cost, caps, its settings. */
export class AssistantStore {
  status = $state<AssistantStatus>({ ...EMPTY_STATUS });
  settings = $state<AssistantSettingsView | null>(null);
  approvals = $state<ApprovalRequest[]>([]);
  lastUsage = $state<UsageMessage | null>(null);
  /** The answer to an approval could not be delivered (it expired meanwhile). */
  approvalError = $state<string | null>(null);
  /** The inspector can open in a window of its own (the desktop app). */
  inspectorWindow = $state(false);
  /** "Show Hark my screen" exists (the desktop app; not the web preview). */
  screenCapture = $state(false);

  constructor(
    private readonly api: HarkApi,
    private readonly transcript: TranscriptStore,
  ) {}

  connect(): () => void {
    const offs = [
      this.api.onToolCall((call) => this.transcript.applyToolCall(call)),
      this.api.onTranscriptionFailed((failure) =>
        this.transcript.applyTranscriptionFailed(failure),
      ),
      this.api.onUsage((usage) => {
        this.lastUsage = usage;
        this.transcript.applyUsage(usage);
      }),
      this.api.onApprovalRequest((request) => {
        if (!this.approvals.some((a) => a.id === request.id)) this.approvals.push(request);
      }),
      this.api.onApprovalSettled(({ id }) => {
        this.approvals = this.approvals.filter((a) => a.id !== id);
      }),
      this.api.onAssistantStatus((status) => {
        this.status = status;
        // Pushed updates leave the list out: approvals arrive as the increments above.
        if (!status.approvalsByIncrement) this.approvals = status.pendingApprovals;
      }),
      this.api.onAssistantSettings((settings) => (this.settings = settings)),
    ];
    void this.api.getAssistant().then((snapshot) => {
      // An adapter without the assistant answers with an error result: keep the defaults.
      if (!snapshot?.status || !snapshot.settings) return;
      this.status = snapshot.status;
      this.settings = snapshot.settings;
      this.inspectorWindow = snapshot.inspectorWindow === true;
      this.screenCapture = snapshot.screenCapture === true;
      this.approvals = snapshot.status.pendingApprovals;
    });
    return () => offs.forEach((off) => off());
  }

  /** Open (or bring forward) the inspector's own window; the problem in words, if any. */
  async openInspectorWindow(): Promise<string | null> {
    const result = await this.api.openInspectorWindow();
    return result.ok ? null : (result.error ?? 'The inspector window could not be opened.');
  }

  async answer(id: string, decision: 'once' | 'always' | 'deny'): Promise<void> {
    const result = await this.api.answerApproval({ id, decision });
    this.approvalError = result.ok ? null : (result.error ?? 'The answer could not be delivered.');
    if (result.ok) {
      this.approvals = this.approvals.filter((a) => a.id !== id);
      return;
    }
    // Refused: main's list says whether the request still waits (e.g. "always" refused for
    // a tool asked each time) or is gone (expired meanwhile).
    const snapshot = await this.api.getAssistant();
    this.approvals =
      snapshot?.status?.pendingApprovals ?? this.approvals.filter((a) => a.id !== id);
  }
}
