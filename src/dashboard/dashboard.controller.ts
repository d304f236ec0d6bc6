import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminRoute } from '../auth/route-group.decorator';
import { DashboardHttp } from './dashboard-http';
import { DashboardOverview, DashboardOverviewService } from './dashboard-overview.service';
import { DashboardStreamService } from './dashboard-stream.service';
import { ZoneMap, ZoneMapService } from './zone-map.service';

/** The admin dashboard (docs/dashboard.md): the page, its JSON and its event stream. */
@ApiExcludeController()
@AdminRoute()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly http: DashboardHttp,
    private readonly overviewService: DashboardOverviewService,
    private readonly maps: ZoneMapService,
    private readonly streams: DashboardStreamService,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  // Everything the page loads is its own; nothing inline, nothing from elsewhere.
  @Header('content-security-policy', "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
  page(): string {
    return this.http.indexHtml;
  }

  @Get('api/overview')
  @Header('cache-control', 'no-store')
  overview(): Promise<DashboardOverview> {
    return this.overviewService.overview();
  }

  @Get('api/zones/:zone/snapshot')
  @Header('cache-control', 'no-store')
  async snapshot(@Param('zone') zone: string): Promise<ZoneMap> {
    return this.maps.snapshot(await this.maps.requireZone(zone));
  }

  @Get('stream')
  async stream(@Query('zone') zone: unknown, @Res() reply: FastifyReply): Promise<void> {
    const checked = await this.maps.requireZone(zone);
    this.streams.assertCapacity();
    reply.hijack();
    this.streams.open(checked, reply.raw, { 'x-request-id': String(reply.request.id) });
  }
}
