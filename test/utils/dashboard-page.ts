import { BrowserContext, chromium } from 'playwright-core';

/** A player as the stream sends it: movement fields only for peers connected to the serving node. */
export interface DrawnPeer {
  peer_id: string;
  x: number;
  y: number;
  suspicion?: number;
  suspicious?: boolean;
  refusals?: number;
}

/** What the dashboard page last drew, as it exposes it on `window.__dashboardModel`. */
export interface DrawnModel {
  zone: string;
  peers: DrawnPeer[];
  links: [string, string][];
  dots: (DrawnPeer & { px: number; py: number; radius: number })[];
  edges: [string, string][];
  frames: number;
  /** `cells`: drawn from the zone's walkable cells; `grid`: no map known, the players fitted on a grid. */
  background: 'cells' | 'grid';
  terrain: { map_name: string; width: number; height: number; walkable_cells: number } | null;
  /** The answer of `GET /api/v1/zones/{zone}/map` (`loading` while it is on its way). */
  terrainStatus: number | string;
  view: { scale: number; offX: number; offY: number; width: number; height: number };
}

/** The canvas pixel at the centre of cell (x, y) of a map drawn from its cells. */
export const cellPixel = (view: DrawnModel['view'], x: number, y: number): { px: number; py: number } => ({
  px: Math.floor(view.offX + (x + 0.5) * view.scale),
  py: Math.floor(view.height - view.offY - (y + 0.5) * view.scale),
});

/** The page's global as the test sees it (the test compiles without the DOM library). */
export type PageGlobal = {
  __dashboardModel?: DrawnModel;
  document: {
    getElementById(id: string): {
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
    };
  };
};

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

/** `GET /api/v1/zones/{zone_id}/map` as the page reads it. */
export interface ZoneMapBody {
  zone_id: string;
  map_name: string;
  width: number;
  height: number;
  walkable_cells: number;
  encoding: string;
  walkable: string;
}

export interface Cell {
  x: number;
  y: number;
}

/** Whether a cell of the map is walkable (`bitmap-lsb0-base64`); off the map is not. */
export function walkableOf(map: ZoneMapBody): (x: number, y: number) => boolean {
  const bits = Buffer.from(map.walkable, 'base64');
  return (x, y) => {
    if (x < 0 || y < 0 || x >= map.width || y >= map.height) {
      return false;
    }
    const i = x + y * map.width;
    return ((bits[i >> 3] >> (i & 7)) & 1) === 1;
  };
}

/** Cells whose whole (2r+1)² neighbourhood is `walkable` (or all blocked), so a pixel read there is unambiguous. */
export function uniformCells(map: ZoneMapBody, walkable: boolean, radius = 1): Cell[] {
  const at = walkableOf(map);
  const cells: Cell[] = [];
  for (let y = radius; y < map.height - radius; y++) {
    for (let x = radius; x < map.width - radius; x++) {
      let uniform = true;
      for (let dy = -radius; dy <= radius && uniform; dy++) {
        for (let dx = -radius; dx <= radius && uniform; dx++) {
          uniform = at(x + dx, y + dy) === walkable;
        }
      }
      if (uniform) {
        cells.push({ x, y });
      }
    }
  }
  return cells;
}

/** `count` walkable cells (open ground around them) nearest to `centre`, at least `spacing` cells apart. */
export function openSpots(map: ZoneMapBody, centre: Cell, count: number, spacing: number): Cell[] {
  const spots: Cell[] = [];
  const candidates = uniformCells(map, true, 2).sort(
    (a, b) => Math.hypot(a.x - centre.x, a.y - centre.y) - Math.hypot(b.x - centre.x, b.y - centre.y),
  );
  for (const cell of candidates) {
    if (spots.every((spot) => Math.max(Math.abs(spot.x - cell.x), Math.abs(spot.y - cell.y)) >= spacing)) {
      spots.push(cell);
      if (spots.length === count) {
        break;
      }
    }
  }
  return spots;
}
