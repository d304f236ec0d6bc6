import { Inject, Injectable } from '@nestjs/common';
import { buildPong } from './frame-codec';
import { DecodedFrame, ValidationResult } from './frame';
import { validateClientFrame, ValidateOptions } from './frame-validator';
import { ProximityGrid } from './proximity-grid';
import { buildRelayedFrame } from './relay';
import { parseInbound } from './signaling-messages';

/**
 * The protocol's pure functions as injectable services, for the modules that use them. Each is a
 * thin shell: the functions underneath stay pure and are tested on their own; these only bind the
 * options the application passes to `ProtocolModule.forRoot` (protocol reads no configuration
 * itself) and give the callers one thing to depend on.
 */

/** What the protocol services need to know, given by the application (AppConfig's `protocol`). */
export interface ProtocolOptions {
  frameAuthRequired: boolean;
  areaRange: number;
  maxPeers: number;
}

/** Injection token of the ProtocolOptions. */
export const PROTOCOL_OPTIONS = Symbol('PROTOCOL_OPTIONS');

/** Signaling JSON: one parse per message, both dialects (see signaling-messages.ts). */
@Injectable()
export class SignalingCodec {
  readonly parse = parseInbound;
}

/** P2P2 frames: validation of a client's frame, the PONG answer, the relayed form. */
@Injectable()
export class FrameCodec {
  private readonly authRequired: boolean;

  constructor(@Inject(PROTOCOL_OPTIONS) options: ProtocolOptions) {
    this.authRequired = options.frameAuthRequired;
  }

  validate(bytes: Uint8Array, options: Omit<ValidateOptions, 'authRequired'>): ValidationResult {
    return validateClientFrame(bytes, { ...options, authRequired: this.authRequired });
  }

  pong(pingBytes: Uint8Array): Buffer {
    return buildPong(pingBytes);
  }

  relayed(original: Uint8Array, frame: DecodedFrame, senderPeerId: string): Buffer {
    return buildRelayedFrame(original, frame, senderPeerId);
  }
}

/** Proximity grids with the configured area and peer cap. */
@Injectable()
export class ProximityGrids {
  private readonly options: { cellSize: number; areaRange: number; maxPeers: number };

  constructor(@Inject(PROTOCOL_OPTIONS) options: ProtocolOptions) {
    const { areaRange, maxPeers } = options;
    this.options = { cellSize: 8, areaRange, maxPeers };
  }

  create(): ProximityGrid {
    return new ProximityGrid(this.options);
  }
}
