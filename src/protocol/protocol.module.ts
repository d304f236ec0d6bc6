import { DynamicModule, Global, Module } from '@nestjs/common';
import { FrameCodec, PROTOCOL_OPTIONS, ProtocolOptions, ProximityGrids, SignalingCodec } from './protocol.services';

const SERVICES = [SignalingCodec, FrameCodec, ProximityGrids];

/**
 * The protocol as the design describes it: one shared module providing the signaling codec, the
 * P2P2 frame codec and validator and proximity grids to the modules that use
 * them. Global because it is infrastructure, like configuration. It imports nothing from the rest
 * of the coordinator: the application passes the options in.
 */
@Global()
@Module({})
export class ProtocolModule {
  static forRoot(options: ProtocolOptions): DynamicModule {
    return {
      module: ProtocolModule,
      providers: [{ provide: PROTOCOL_OPTIONS, useValue: options }, ...SERVICES],
      exports: SERVICES,
    };
  }
}
