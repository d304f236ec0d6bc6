import { FrameFlag, PING_PAYLOAD_SIZE, PacketType, SignalKind, encodePosition, packetTypeName } from '@ro-p2p/contract';
import { CoordinatorClientCore } from './client-core';
import { signalMessage } from './signaling-codec';

export type { CoordinatorClientOptions } from './client-options';

export interface PositionOptions {
  direction?: number;
  walkSpeedMs?: number;
  /** Also ask the coordinator to relay the update to the proximity peers. */
  relay?: boolean;
}

/**
 * A coordinator client: REST (`api`), signaling in either dialect with the DLL's reconnection,
 * P2P2 frames through the wire contract, and the proximity list. See docs/client-sdk.md.
 * Every send returns false when no socket is open (the message is dropped, not queued: positions
 * and signals are stale by the time a reconnection completes).
 */
export class CoordinatorClient extends CoordinatorClientCore {
  sendOffer(to: string, sdp: unknown): boolean {
    return this.sendSignal('offer', to, sdp);
  }

  sendAnswer(to: string, sdp: unknown): boolean {
    return this.sendSignal('answer', to, sdp);
  }

  sendIceCandidate(to: string, candidate: unknown): boolean {
    return this.sendSignal('ice-candidate', to, candidate);
  }

  sendSignal(kind: SignalKind, to: string, body: unknown): boolean {
    return this.send(kind, signalMessage(this.dialect, kind, to, body));
  }

  /** A POSITION_UPDATE frame (authenticated when a frame key is held). */
  sendPosition(x: number, y: number, options: PositionOptions = {}): boolean {
    const payload = encodePosition({
      x,
      y,
      direction: options.direction ?? 0,
      walkSpeedMs: options.walkSpeedMs ?? 150,
      clientTimeMs: Date.now() % 0x1_0000_0000,
    });
    return this.sendFrame(PacketType.POSITION_UPDATE, payload, options.relay ? FrameFlag.RELAY : 0);
  }

  /**
   * The JSON `position` message (`{"type":"position","x":…,"y":…}`): the same movement rules as a
   * POSITION_UPDATE frame, without a declared walk speed.
   */
  sendJsonPosition(x: number, y: number): boolean {
    return this.send('position', JSON.stringify({ type: 'position', x, y }));
  }

  /** A frame the coordinator relays to the proximity peers (flag RELAY). */
  sendRelay(type: number, payload: Uint8Array, flags = 0): boolean {
    return this.sendFrame(type, payload, flags | FrameFlag.RELAY);
  }

  sendPing(bytes: Uint8Array = Buffer.alloc(PING_PAYLOAD_SIZE)): boolean {
    return this.sendFrame(PacketType.PING, bytes);
  }

  sendFrame(type: number, payload: Uint8Array, flags = 0): boolean {
    const frame = this.frames.build(
      type,
      payload,
      flags,
      this.options.authenticateFrames !== false && this.frames.hasKey,
    );
    const label = (flags & FrameFlag.RELAY) !== 0 ? 'relay' : 'frame';
    return this.send(`${label}:${packetTypeName(type) ?? type}`, frame);
  }
}
