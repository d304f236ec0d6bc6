/** `@ro-p2p/client/webrtc`: real WebRTC data channels between SDK peers (needs the optional `werift`). */
export { WebRtcPeer } from './webrtc-peer';
export type { WebRtcPeerEvents, WebRtcPeerOptions } from './webrtc-peer';
