import { RTCDataChannel, RTCIceCandidate, RTCPeerConnection, type PeerConfig } from 'werift';
import { DecodedFrame, validateClientFrame } from '@ro-p2p/contract';
import { SignalEvent } from './client-events';
import { CoordinatorClient } from './coordinator-client';
import { FrameSequencer } from './frame-sequencer';
import { TypedEmitter } from './typed-emitter';

/**
 * Optional real WebRTC between two SDK peers (werift, pure TypeScript; an optional peer dependency,
 * so this module is the separate `@ro-p2p/client/webrtc` entry, not part of the SDK index). Offer, answer and ICE candidates travel through
 * the coordinator's signaling; P2P2 frames then go over the data channel, never the coordinator.
 */
export interface WebRtcPeerEvents {
  open: [];
  frame: [DecodedFrame, Buffer];
  /** Bytes that are not a valid P2P2 frame. */
  invalid: [string];
  closed: [];
}

export interface WebRtcPeerOptions {
  /** Passed to werift, e.g. `{ iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'] }`. */
  rtc?: Partial<PeerConfig>;
  /** Rejects `connect()` when the channel is not open by then (default 15 s). */
  timeoutMs?: number;
}

export class WebRtcPeer extends TypedEmitter<WebRtcPeerEvents> {
  private readonly pc: RTCPeerConnection;
  private channel: RTCDataChannel | undefined;
  private readonly frames = new FrameSequencer();
  private readonly pendingCandidates: unknown[] = [];
  private remoteSet = false;
  private readonly onSignal = (signal: SignalEvent): void => {
    if (signal.from === this.remotePeerId) {
      this.handleSignal(signal).catch(() => this.emit('invalid', `unusable ${signal.kind} from ${signal.from}`));
    }
  };

  constructor(
    private readonly client: CoordinatorClient,
    readonly remotePeerId: string,
    private readonly options: WebRtcPeerOptions = {},
  ) {
    super();
    this.pc = new RTCPeerConnection({ iceServers: [], ...options.rtc });
    this.pc.onIceCandidate.subscribe((candidate) => {
      if (candidate) {
        this.client.sendIceCandidate(this.remotePeerId, candidate.toJSON());
      }
    });
    this.pc.onDataChannel.subscribe((channel) => this.attach(channel));
    client.on('signal', this.onSignal);
  }

  get isOpen(): boolean {
    return this.channel?.readyState === 'open';
  }

  /** The offering side: creates the data channel and sends the offer; resolves when the channel opens. */
  async connect(): Promise<void> {
    this.attach(this.pc.createDataChannel('p2p2'));
    const opened = this.waitOpen();
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.client.sendOffer(this.remotePeerId, this.localDescription());
    await opened;
  }

  /** The answering side: resolves when the offerer's channel opens here. */
  accept(): Promise<void> {
    return this.waitOpen();
  }

  /** Sends one P2P2 frame straight to the peer (unauthenticated: the channel is DTLS-protected). */
  sendFrame(type: number, payload: Uint8Array, flags = 0): void {
    if (!this.channel || !this.isOpen) {
      throw new Error('data channel not open');
    }
    this.channel.send(this.frames.build(type, payload, flags, false));
  }

  async close(): Promise<void> {
    this.client.off('signal', this.onSignal);
    await this.pc.close();
    this.emit('closed');
  }

  private waitOpen(): Promise<void> {
    if (this.isOpen) {
      return Promise.resolve();
    }
    return this.waitFor('open', this.options.timeoutMs ?? 15_000).then(() => undefined);
  }

  private attach(channel: RTCDataChannel): void {
    this.channel = channel;
    channel.stateChanged.subscribe((state) => {
      if (state === 'open') {
        this.emit('open');
      }
    });
    channel.onMessage.subscribe((data) => {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      const result = validateClientFrame(bytes, { authRequired: false });
      if (result.ok) {
        this.emit('frame', result.frame, bytes);
      } else {
        this.emit('invalid', result.reason);
      }
    });
  }

  private async handleSignal(signal: SignalEvent): Promise<void> {
    switch (signal.kind) {
      case 'offer':
        await this.pc.setRemoteDescription(asDescription(signal.body, 'offer'));
        await this.remoteReady();
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.client.sendAnswer(this.remotePeerId, this.localDescription());
        return;
      case 'answer':
        await this.pc.setRemoteDescription(asDescription(signal.body, 'answer'));
        await this.remoteReady();
        return;
      case 'ice-candidate':
        if (this.remoteSet) {
          await this.pc.addIceCandidate(asCandidate(signal.body));
        } else {
          this.pendingCandidates.push(signal.body);
        }
        return;
    }
  }

  /** The reference dialect's `{type, sdp}` object; the coordinator accepts strings and objects. */
  private localDescription(): { type: string; sdp: string } {
    const description = this.pc.localDescription;
    if (!description) {
      throw new Error('no local description');
    }
    return { type: description.type, sdp: description.sdp };
  }

  /** Candidates can overtake the description they belong to; they wait for it here. */
  private async remoteReady(): Promise<void> {
    this.remoteSet = true;
    for (const body of this.pendingCandidates.splice(0)) {
      await this.pc.addIceCandidate(asCandidate(body));
    }
  }
}

function asDescription(body: unknown, type: 'offer' | 'answer'): { type: 'offer' | 'answer'; sdp: string } {
  if (typeof body === 'string') {
    return { type, sdp: body };
  }
  const sdp = (body as { sdp?: unknown } | null)?.sdp;
  if (typeof sdp !== 'string') {
    throw new TypeError(`${type} without an SDP`);
  }
  return { type, sdp };
}

function asCandidate(body: unknown): RTCIceCandidate {
  const init =
    typeof body === 'string'
      ? { candidate: body, sdpMid: '0', sdpMLineIndex: 0 }
      : (body as ConstructorParameters<typeof RTCIceCandidate>[0]);
  return new RTCIceCandidate(init);
}
