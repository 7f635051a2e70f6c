// @vitest-environment happy-dom
import { cleanup, render as mount } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ASSISTANT_SETTINGS } from '../../../src/shared/assistant';
import type { HarkApi } from '../../../src/shared/ipc';
import { DEFAULT_SETTINGS, toView } from '../../../src/main/settings/settings-model';
import AssistantSettings from '../../../src/renderer/src/components/AssistantSettings.svelte';
import InspectorPanel from '../../../src/renderer/src/components/InspectorPanel.svelte';

const api = {} as HarkApi;
const app = toView(
  { ...DEFAULT_SETTINGS, voice: 'ash' },
  { hasKey: false, keyForOtherEndpoint: false, keyEndpoint: null },
);

afterEach(cleanup);

/** The settings as mounted in a page (bits-ui's tabs need a DOM), as HTML. */
function settings(props: { online: boolean; simulated: boolean; voiceLocked?: boolean }): string {
  cleanup();
  return mount(AssistantSettings, {
    props: {
      api,
      settings: { ...DEFAULT_ASSISTANT_SETTINGS, mcpServers: [] },
      app,
      voiceLocked: props.voiceLocked ?? false,
      online: props.online,
      simulated: props.simulated,
    },
  }).container.innerHTML;
}

const previewButton = (html: string): string =>
  /<button[^>]*data-testid="voice-preview"[^>]*>/.exec(html)![0];

describe('the voice preview in the assistant settings', () => {
  it('says what a sample costs before it is asked for', () => {
    const html = settings({ online: true, simulated: false });
    expect(previewButton(html)).not.toContain('disabled');
    expect(html).toMatch(/Preview ash/);
    expect(html).toMatch(/costs about a hundred tokens \(well under a cent\)/);
  });

  it('is disabled while offline, and free (a chime) with the simulator', () => {
    expect(previewButton(settings({ online: false, simulated: false }))).toContain('disabled');
    expect(settings({ online: false, simulated: false })).toMatch(/Connect first/);
    expect(settings({ online: true, simulated: true })).toMatch(/plays a chime, not the voice/);
  });

  it('still plays when the session has locked its voice (the sample has its own session)', () => {
    const html = settings({ online: true, simulated: false, voiceLocked: true });
    expect(previewButton(html)).not.toContain('disabled');
    expect(html).toMatch(/Locked: the service keeps a voice/);
  });
});

describe('InspectorPanel', () => {
  it('offers its own window only where one can open; in that window it has its own heading', () => {
    const inspectorApi = { ...api, inspectorList: async () => [] } as HarkApi;
    const html = (props: Record<string, unknown>): string => {
      cleanup();
      return mount(InspectorPanel, { props: { api: inspectorApi, ...props } }).container.innerHTML;
    };
    const inPanel = html({ onOpenWindow: () => undefined });
    expect(inPanel).toContain('data-testid="inspector-open-window"');
    // In the main window the dialog around it has the title and the Close button.
    expect(inPanel).not.toMatch(/<h1/);
    expect(html({})).not.toContain('inspector-open-window');
    const ownWindow = html({ standalone: true });
    expect(ownWindow).not.toContain('inspector-open-window');
    expect(ownWindow).toMatch(/<h1[^>]*>Event inspector<\/h1>/);
    expect(ownWindow).not.toMatch(/>(Back|Close)</);
  });
});
