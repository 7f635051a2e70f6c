import type { BrowserWindow, IpcMain, IpcMainEvent, WebContents } from 'electron';
import {
  IPC,
  IpcValidationError,
  validateAudioFrame,
  validatePlaybackReport,
  validateSettingsUpdate,
  validateHotkeyKind,
  validateNoArgument,
  validateTalkSource,
  validateText,
  type HotkeyStatus,
  type OutputAudioMessage,
} from '../../shared/ipc';
import { OutputAudioFramer } from '../../shared/output-audio-framing';
import { chordAccelerator, parseChord } from '../../shared/chord';
import type { VoiceController } from '../voice/voice-controller';
import { registerGuarded, senderGuard } from './guarded-ipc';
import { registerAudioPorts, type PortChannel } from './audio-ports';

/** What the IPC layer needs of the global hotkeys (absent where there are none). */
export interface HotkeysHandle {
  readonly status: HotkeyStatus;
  record(): Promise<string | null>;
  /** macOS: the system's Accessibility prompt; true when Hark is trusted now. */
  requestAccessibility(): boolean;
}

/**
 * Wires the IPC contract to the controller. Every payload is validated; anything from a
 * sender that is not the main frame of one of our windows (main, mini) is dropped.
 */
export function registerIpc(
  ipcMain: IpcMain,
  controller: VoiceController,
  windows: () => BrowserWindow[],
  isTrustedUrl: (url: string) => boolean,
  log: (message: string) => void = () => undefined,
  hotkeys: HotkeysHandle | null = null,
  /** Tests pass a stand-in for Electron's MessageChannelMain. */
  makeChannel?: () => PortChannel,
): () => void {
  const trusted = senderGuard({ windows, isTrustedUrl, log });
  const handled: string[] = [];
  const handle = (channel: string, run: (payload: unknown) => unknown): void => {
    handled.push(channel);
    registerGuarded(
      ipcMain,
      channel,
      trusted,
      run,
      (error): error is IpcValidationError => error instanceof IpcValidationError,
    );
  };

  handle(IPC.getState, () => ({ ...controller.snapshot(), hotkeys: hotkeys?.status ?? null }));
  handle(IPC.recordHotkey, async (payload) => {
    const kind = validateHotkeyKind(payload);
    if (!hotkeys?.status.holdActive) {
      return {
        ok: false,
        error: hotkeys?.status.problem ?? 'Global hotkeys are not available here.',
      };
    }
    const chord = await hotkeys.record();
    if (!chord) return { ok: false, error: 'No key was pressed; the hotkey is unchanged.' };
    const hotkey = kind === 'hold' ? chord : chordAccelerator(parseChord(chord));
    const saved = await controller.saveSettings(
      kind === 'hold' ? { holdHotkey: hotkey } : { toggleHotkey: hotkey },
    );
    return saved.ok ? { ok: true, hotkey } : saved;
  });
  handle(IPC.requestAccessibility, (payload) => {
    validateNoArgument(payload);
    // Only while hold-to-talk waits for it (the prompt exists on macOS only).
    if (!hotkeys?.status.needsAccessibility)
      return { ok: false, error: 'Hark does not need the Accessibility permission here.' };
    return { ok: true, granted: hotkeys.requestAccessibility() };
  });
  handle(IPC.connect, () => controller.connect());
  handle(IPC.disconnect, () => controller.disconnect());
  handle(IPC.retry, () => controller.retryNow());
  handle(IPC.talkStart, (payload) => controller.talkStart(validateTalkSource(payload)));
  handle(IPC.talkStop, (payload) => controller.talkStop(validateTalkSource(payload)));
  handle(IPC.talkCancel, () => controller.talkCancel());
  handle(IPC.talkEnd, () => controller.talkLost());
  handle(IPC.sendText, (payload) => controller.sendText(validateText(payload)));
  handle(IPC.saveSettings, (payload) => controller.saveSettings(validateSettingsUpdate(payload)));

  let rejectedFrames = 0;
  const onFrame = (event: IpcMainEvent, payload: unknown): void => {
    if (!trusted(event)) return;
    try {
      controller.pushAudioFrame(validateAudioFrame(payload));
    } catch (error) {
      if (!(error instanceof IpcValidationError)) throw error;
      if (rejectedFrames++ % 100 === 0) log(`rejected audio frame: ${error.message}`);
    }
  };
  const onPlayback = (event: IpcMainEvent, payload: unknown): void => {
    if (!trusted(event)) return;
    try {
      controller.reportPlayback(validatePlaybackReport(payload));
    } catch (error) {
      if (!(error instanceof IpcValidationError)) throw error;
      log(`rejected playback report: ${error.message}`);
    }
  };
  ipcMain.on(IPC.audioFrame, onFrame);
  ipcMain.on(IPC.playback, onPlayback);

  const send = (channel: string, payload: unknown): void => {
    for (const window of windows())
      if (!window.isDestroyed()) window.webContents.send(channel, payload);
  };
  const ports = registerAudioPorts(ipcMain, controller, trusted, log, makeChannel);
  const replyAudio = new OutputAudioFramer<WebContents>();
  const sendOutputAudio = (message: OutputAudioMessage): void => {
    for (const window of windows()) {
      if (window.isDestroyed() || ports.hasPlayback(window.webContents.id)) continue;
      for (const frame of replyAudio.frames(window.webContents, message))
        if (frame.kind === 'item') window.webContents.send(IPC.outputItem, frame.itemId);
        // A copy of exactly the audio: main's PCM is a view into a shared slab, and IPC
        // would serialize the whole slab with it (the port path copies the same way).
        else window.webContents.send(IPC.outputAudio, frame.pcm.slice());
    }
  };
  // A page (new or reloaded) says so before it listens: its next delta brings the item id.
  const onOutputReset = (event: IpcMainEvent): void => {
    if (!trusted(event)) return;
    const page = windows().find((w) => !w.isDestroyed() && w.webContents.id === event.sender.id);
    if (page) replyAudio.forget(page.webContents);
  };
  ipcMain.on(IPC.outputReset, onOutputReset);
  const unsubscribe = [
    controller.on('health', (health) => send(IPC.health, health)),
    controller.on('settings', (settings) => send(IPC.settings, settings)),
    controller.on('transcript', (message) => send(IPC.transcript, message)),
    controller.on('output-audio', sendOutputAudio),
    controller.on('output-done', () => send(IPC.outputDone, null)),
    controller.on('output-stop', () => send(IPC.outputStop, null)),
    controller.on('output-hold', (held) => send(IPC.outputHold, held)),
    controller.on('capture', (on) => send(IPC.capture, on)),
    controller.on('notice', (notice) => send(IPC.notice, notice)),
  ];

  return () => {
    for (const channel of handled) ipcMain.removeHandler(channel);
    ipcMain.removeListener(IPC.audioFrame, onFrame);
    ipcMain.removeListener(IPC.playback, onPlayback);
    ipcMain.removeListener(IPC.outputReset, onOutputReset);
    ports.dispose();
    for (const off of unsubscribe) off();
  };
}
