import { FrameFlag, encodeFrame } from '@ro-p2p/contract';

/**
 * Builds outbound P2P2 frames, authenticated with the connection's frame key when one was issued.
 * The coordinator rejects a sequence number that is not greater than the last one it accepted on
 * the connection, so the counter only ever increases — also across reconnections, which is always
 * safe because each new connection starts from "nothing accepted yet".
 */
export class FrameSequencer {
  private key: Buffer | undefined;
  private seq = 0n;

  /** The `frame_key` (base64) from the join reply; an empty or absent key disables authentication. */
  setKey(base64Key: string | undefined): void {
    const key = base64Key ? Buffer.from(base64Key, 'base64') : undefined;
    this.key = key && key.length > 0 ? key : undefined;
  }

  get hasKey(): boolean {
    return this.key !== undefined;
  }

  /** The last sequence number used (0n before the first authenticated frame). */
  get lastSeq(): bigint {
    return this.seq;
  }

  /** Takes the next sequence number. */
  nextSeq(): bigint {
    this.seq += 1n;
    return this.seq;
  }

  /**
   * Encodes one frame. With `authenticate` (default: whenever a key is known) the AUTHENTICATED flag
   * is set and the next sequence number is used; without a key it is sent plain.
   */
  build(type: number, payload: Uint8Array, flags = 0, authenticate = this.hasKey): Buffer {
    if (authenticate && this.key) {
      return encodeFrame({ type, flags: flags | FrameFlag.AUTHENTICATED, payload, seq: this.nextSeq(), key: this.key });
    }
    return encodeFrame({ type, flags: flags & ~FrameFlag.AUTHENTICATED, payload });
  }
}
