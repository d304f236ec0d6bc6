import { Global, Module } from '@nestjs/common';
import { FrameCodec, MovementCheck, ProximityGrids, SignalingCodec } from './protocol.services';

/**
 * The protocol as the design describes it: one shared module providing the signaling codec, the
 * P2P2 frame codec and validator, the movement check and proximity grids to the modules that use
 * them. Global because it is infrastructure, like configuration; it imports nothing but AppConfig.
 */
@Global()
@Module({
  providers: [SignalingCodec, FrameCodec, MovementCheck, ProximityGrids],
  exports: [SignalingCodec, FrameCodec, MovementCheck, ProximityGrids],
})
export class ProtocolModule {}
