import type { ClientKind, ErrorCode } from '@ro-p2p/contract';

/**
 * A connection's life, in one place:
 *
 *   connected ──identify──▶ identified ──admit──▶ admitted ──seat──▶ in_session
 *       │                    ▲     │                 ▲                  │
 *       │                    │     └──inherit────────┼──────────────────┤ (takes over a replaced seat)
 *       │                    └─────────unseat────────┴──────────────────┤ (leave)
 *       │                                            └──────admit───────┘ (switch session or zone)
 *       └──────────── any phase ──close──▶ leaving (final)
 *
 * - connected: the socket is open; admission (origin, connections per address, token) runs and the
 *   identify timer is armed. Only create_session, join and ping are served.
 * - identified: the peer id is proven and bound on every node (PeerClaims). Still only
 *   create_session, join and ping.
 * - admitted: the sessions module placed the peer (zone rules passed, a seat granted) and the
 *   connection is being seated; it is in the zone's proximity space, so positions and frames count.
 *   It keeps the session it is leaving until the new seat is taken.
 * - in_session: a member (on every node) of its session; signals, leave, positions and frames.
 * - leaving: closing; nothing more is served.
 */
export type ConnectionPhase = 'connected' | 'identified' | 'admitted' | 'in_session' | 'leaving';

export type PhaseEvent = 'identify' | 'admit' | 'seat' | 'inherit' | 'unseat' | 'close';

const TRANSITIONS: { readonly [P in ConnectionPhase]: { readonly [E in PhaseEvent]?: ConnectionPhase } } = {
  connected: { identify: 'identified', close: 'leaving' },
  identified: { admit: 'admitted', inherit: 'in_session', unseat: 'identified', close: 'leaving' },
  admitted: { admit: 'admitted', seat: 'in_session', unseat: 'identified', close: 'leaving' },
  in_session: { admit: 'admitted', unseat: 'identified', close: 'leaving' },
  leaving: {},
};

/** The phase an event leads to, or undefined when the event is not allowed in that phase. */
export function nextPhase(phase: ConnectionPhase, event: PhaseEvent): ConnectionPhase | undefined {
  return TRANSITIONS[phase][event];
}

/** What a client message needs before it can be served; `frame` is a binary P2P2 frame. */
export type InboundKind = ClientKind | 'frame';
type Requirement = 'nothing' | 'session' | 'zone';

const REQUIRES: { readonly [K in InboundKind]: Requirement } = {
  create_session: 'nothing',
  join: 'nothing',
  ping: 'nothing',
  leave: 'session',
  offer: 'session',
  answer: 'session',
  'ice-candidate': 'session',
  position: 'zone',
  frame: 'zone',
};

/** What the connection holds that the requirements are judged on. */
export interface PhaseFacts {
  phase: ConnectionPhase;
  sessionId?: string;
  zoneId?: string;
}

export interface PhaseRefusal {
  code: ErrorCode;
  message: string;
}

/**
 * Whether a message may be served now; otherwise the refusal the client gets. A session is held in
 * `in_session` (and, while switching, in `admitted`); the zone's space from `admitted` on.
 */
export function refusalFor(facts: PhaseFacts, kind: InboundKind): PhaseRefusal | undefined {
  switch (REQUIRES[kind]) {
    case 'nothing':
      return undefined;
    case 'session':
      return facts.sessionId !== undefined && (facts.phase === 'in_session' || facts.phase === 'admitted')
        ? undefined
        : {
            code: 'NOT_IN_SESSION',
            message: kind === 'leave' ? 'Not in a session' : `Join a session before sending ${kind}`,
          };
    case 'zone':
      return facts.zoneId !== undefined && (facts.phase === 'in_session' || facts.phase === 'admitted')
        ? undefined
        : {
            code: 'NOT_IN_SESSION',
            message: `Join a session before sending ${kind === 'frame' ? 'frames' : 'positions'}`,
          };
  }
}

/** Every phase and what it serves, for docs and tests. */
export const PHASES: readonly ConnectionPhase[] = ['connected', 'identified', 'admitted', 'in_session', 'leaving'];
