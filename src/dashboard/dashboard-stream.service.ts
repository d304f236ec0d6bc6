import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AppError } from '../common/errors/app-error';
import { TrafficHistory } from './traffic-history.service';
import { ZoneMapService } from './zone-map.service';

/** 5 map updates per second: smooth enough for walking players, cheap enough for one admin. */
export const STREAM_INTERVAL_MS = 200;
/** Dashboards are for a handful of admins; the cap keeps a leaked key from pinning the node. */
export const MAX_STREAMS = 16;
const TRAFFIC_EVERY = Math.round(1000 / STREAM_INTERVAL_MS);

interface Stream {
  response: ServerResponse;
  timer: NodeJS.Timeout;
}

/**
 * Server-sent events for the live map: `map` events (positions and links) five times a second and
 * a `traffic` event (the zone's last minute) once a second. A client that reads too slowly skips
 * frames instead of growing the node's memory; one that goes away stops its timer at once.
 */
@Injectable()
export class DashboardStreamService implements OnModuleDestroy {
  private readonly logger = new Logger(DashboardStreamService.name);
  private readonly streams = new Set<Stream>();

  constructor(
    private readonly maps: ZoneMapService,
    private readonly history: TrafficHistory,
  ) {}

  get activeStreams(): number {
    return this.streams.size;
  }

  /** Throws before anything is written when the cap is reached, so the caller answers a normal error. */
  assertCapacity(): void {
    if (this.streams.size >= MAX_STREAMS) {
      throw new AppError('RATE_LIMITED', `At most ${MAX_STREAMS} dashboard streams are served at once`);
    }
  }

  /** Takes over a raw response (already hijacked from the framework) and streams the zone to it. */
  open(zone: string, response: ServerResponse, headers: Record<string, string> = {}): void {
    response.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Reverse proxies (nginx) would otherwise buffer the stream and deliver it in bursts.
      'x-accel-buffering': 'no',
    });
    response.write(`retry: 2000\n\n`);
    let tick = 0;
    const send = (): void => {
      if (response.writableNeedDrain) {
        return;
      }
      try {
        response.write(event('map', this.maps.snapshot(zone)));
        if (tick++ % TRAFFIC_EVERY === 0) {
          response.write(event('traffic', { zone, samples: this.history.series(zone) }));
        }
      } catch (error) {
        this.logger.warn(`Dashboard stream for ${zone} failed: ${(error as Error).message}`);
        this.close(stream);
      }
    };
    const stream: Stream = { response, timer: setInterval(send, STREAM_INTERVAL_MS) };
    this.streams.add(stream);
    response.on('close', () => this.close(stream));
    send();
  }

  onModuleDestroy(): void {
    // Open streams would otherwise hold the HTTP server open on shutdown.
    for (const stream of [...this.streams]) {
      this.close(stream);
    }
  }

  private close(stream: Stream): void {
    if (!this.streams.delete(stream)) {
      return;
    }
    clearInterval(stream.timer);
    if (!stream.response.writableEnded) {
      stream.response.end();
    }
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
