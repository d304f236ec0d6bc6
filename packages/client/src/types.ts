/** The coordinator's REST wire types, from the wire contract, so SDK users need only this package. */
export type {
  ApiErrorBody,
  CreateSessionBody,
  Host,
  HostHeartbeat,
  HostIceServer,
  HostRegistration,
  IceServer,
  IceServersResponse,
  Session,
  SessionAction,
  TokenResponse,
  Zone,
} from '@ro-p2p/contract';
