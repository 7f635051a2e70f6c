import { mount } from 'svelte';
import App from './App.svelte';
import { connectWebBridge } from './bridge/web-bridge';
import './styles.css';

async function start(): Promise<void> {
  const target = document.getElementById('app');
  if (!target) throw new Error('Hark: #app element missing from index.html');
  // In Electron the preload provides window.hark; in the web preview it is bridged.
  if (!window.hark) {
    try {
      window.hark = await connectWebBridge();
    } catch (error) {
      target.textContent = error instanceof Error ? error.message : String(error);
      return;
    }
  }
  mount(App, { target });
}

void start();
