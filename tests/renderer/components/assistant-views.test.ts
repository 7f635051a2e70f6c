import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
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

function settings(props: { online: boolean; simulated: boolean; voiceLocked?: boolean }): string {
  return render(AssistantSettings, {
    props: {
      api,
      settings: { ...DEFAULT_ASSISTANT_SETTINGS, mcpServers: [] },
      app,
      voiceLocked: props.voiceLocked ?? false,
      online: props.online,
      simulated: props.simulated,
      onClose: () => undefined,
    },
  }).body;
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
  it('offers its own window only where one can open, and no Back inside that window', () => {
    const inPanel = render(InspectorPanel, {
      props: { api, onClose: () => undefined, onOpenWindow: () => undefined },
    }).body;
    expect(inPanel).toContain('data-testid="inspector-open-window"');
    expect(inPanel).toMatch(/>Back</);
    const preview = render(InspectorPanel, { props: { api, onClose: () => undefined } }).body;
    expect(preview).not.toContain('inspector-open-window');
    const ownWindow = render(InspectorPanel, { props: { api } }).body;
    expect(ownWindow).not.toContain('inspector-open-window');
    expect(ownWindow).not.toMatch(/>Back</);
  });
});
