import { BrowserContext, chromium } from 'playwright-core';

/** What the dashboard page last drew, as it exposes it on `window.__dashboardModel`. */
export interface DrawnModel {
  zone: string;
  peers: { peer_id: string; x: number; y: number }[];
  links: [string, string][];
  dots: { peer_id: string; x: number; y: number; px: number; py: number }[];
  edges: [string, string][];
  frames: number;
}

/** The page's global as the test sees it (the test compiles without the DOM library). */
export type PageGlobal = { __dashboardModel?: DrawnModel };

export const sameMap = (
  a: { peers: DrawnModel['peers']; links: [string, string][] },
  b: { peers: DrawnModel['peers']; links: [string, string][] },
): boolean =>
  JSON.stringify([positionsOf(a.peers), linkKeys(a.links)]) ===
  JSON.stringify([positionsOf(b.peers), linkKeys(b.links)]);
export const positionsOf = (list: { peer_id: string; x: number; y: number }[]): string[] =>
  list.map((p) => `${p.peer_id}@${p.x},${p.y}`).sort();

export const linkKeys = (links: [string, string][]): string[] => links.map(([a, b]) => `${a}>${b}`).sort();
export const undirected = (links: [string, string][]): string[] =>
  [...new Set(links.map(([a, b]) => (a < b ? `${a}|${b}` : `${b}|${a}`)))].sort();

/** Debian's Chromium, headless, in a throw-away profile (no sync, no updates, no first-run UI). */
export async function launchChromium(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1440, height: 960 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
