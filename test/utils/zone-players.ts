import WebSocket from 'ws';
import { encodeFrame, encodePosition } from '../../src/protocol/frame-codec';
import { PacketType } from '../../src/protocol/frame';
import { TestWsClient } from './ws-client';

/** A simulated player: a DLL-dialect socket in one zone that walks by sending POSITION_UPDATE frames. */
export interface ZonePlayer {
  peerId: string;
  client: TestWsClient;
  x: number;
  y: number;
}

export const positionFrame = (x: number, y: number): Buffer =>
  encodeFrame({
    type: PacketType.POSITION_UPDATE,
    flags: 0,
    payload: encodePosition({ x, y, direction: 0, walkSpeedMs: 150, clientTimeMs: 0 }),
  });

/** Deterministic pseudo-random numbers, so a failing layout can be reproduced. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Connects `count` players to `zone` and places them in a `spread`×`spread` square around (150, 150). */
export async function joinPlayers(
  wsUrl: string,
  zone: string,
  count: number,
  spread = 60,
  seed = 7,
): Promise<ZonePlayer[]> {
  const random = seeded(seed);
  const players: ZonePlayer[] = [];
  for (let i = 0; i < count; i++) {
    const client = await TestWsClient.connect(wsUrl);
    const peerId = `p${String(i).padStart(3, '0')}`;
    client.send({ type: 'create_session', peer_id: peerId, zone, capabilities: {} });
    await client.next('session_created', 10_000);
    const player = { peerId, client, x: 150 + Math.floor(random() * spread), y: 150 + Math.floor(random() * spread) };
    client.ws.send(positionFrame(player.x, player.y));
    players.push(player);
  }
  return players;
}

/** One step of one cell in a random direction for every player (a plausible walk). */
export function walk(players: ZonePlayer[], random: () => number): void {
  for (const player of players) {
    player.x += Math.floor(random() * 3) - 1;
    player.y += Math.floor(random() * 3) - 1;
    player.client.ws.send(positionFrame(player.x, player.y));
  }
}

/** The peer list a player holds after applying every `peer_list` diff it has received so far. */
export function receivedList(player: ZonePlayer): Set<string> {
  const list = new Set<string>();
  for (const message of player.client.messages) {
    if (message.type !== 'peer_list') {
      continue;
    }
    (message.removed as string[]).forEach((peer) => list.delete(peer));
    (message.added as { peer_id: string }[]).forEach((entry) => list.add(entry.peer_id));
  }
  return list;
}

/** Directed links as the players know them: [a, b] for every b in a's received list. */
export function receivedLinks(players: ZonePlayer[]): string[] {
  return players.flatMap((player) => [...receivedList(player)].map((other) => `${player.peerId}>${other}`)).sort();
}

/**
 * Connects one player per spot (peer ids `<prefix>000`, `<prefix>001`, …) and sends that spot as its first
 * position. `token(peerId)`, when given, is sent as the socket's Bearer token (JWT validation on).
 */
export async function joinPlayersAt(
  wsUrl: string,
  zone: string,
  spots: { x: number; y: number }[],
  token?: (peerId: string) => string,
  prefix = 'p',
): Promise<ZonePlayer[]> {
  const players: ZonePlayer[] = [];
  for (const [i, spot] of spots.entries()) {
    const peerId = `${prefix}${String(i).padStart(3, '0')}`;
    const headers = token ? { authorization: `Bearer ${token(peerId)}` } : undefined;
    const client = new TestWsClient(
      new WebSocket(`${wsUrl}/api/v1/signaling/ws`, { perMessageDeflate: false, headers }),
    );
    await client.opened;
    client.send({ type: 'create_session', peer_id: peerId, zone, capabilities: {} });
    await client.next('session_created', 10_000);
    client.ws.send(positionFrame(spot.x, spot.y));
    players.push({ peerId, client, x: spot.x, y: spot.y });
  }
  return players;
}
