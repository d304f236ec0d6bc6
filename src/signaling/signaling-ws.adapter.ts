import { INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { ServerOptions } from 'ws';

/**
 * Nest's ws adapter with the coordinator's socket options. Messages are read by the gateway itself
 * (one JSON parse, errors answered, binary frames handled), so Nest's own per-message parsing is
 * turned off by a parser that yields nothing.
 */
export class SignalingWsAdapter extends WsAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly maxPayload: number,
  ) {
    super(app, { messageParser: () => undefined });
  }

  override create(port: number, options: ServerOptions & { path?: string; namespace?: string } = {}): ReturnType<WsAdapter['create']> {
    return super.create(port, {
      ...options,
      maxPayload: this.maxPayload,
      perMessageDeflate: false,
      clientTracking: true,
    });
  }
}
