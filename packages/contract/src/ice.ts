/** A STUN or TURN server as WebRTC's RTCIceServer takes it. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/**
 * An ICE server as a host registers it and the host records return it: `urls` one URL or a list,
 * as RTCIceServer allows, kept as the host sent it. (The coordinator's own list, `IceServer`,
 * always has a list.)
 */
export interface HostIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}
