import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminRoute, PublicRoute } from '../auth/route-group.decorator';
import { DashboardHttp } from './dashboard-http';
import { DashboardOverview, DashboardOverviewService } from './dashboard-overview.service';
import { DashboardStreamService } from './dashboard-stream.service';
import { ZoneMap, ZoneMapService } from './zone-map.service';

/**
 * The admin dashboard (docs/dashboard.md): the page, its JSON and its event stream. The data is
 * admin-only; the page is not, since it holds no data and must load to let the admin sign in.
 */
@ApiTags('dashboard')
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
  @ApiOperation({ summary: 'The dashboard page (HTML); its scripts send the admin credential on every call' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', schema: { type: 'string' } })
  @PublicRoute()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  // Everything the page loads is its own; nothing inline, nothing from elsewhere. Its forms are
  // handled by its scripts and never submitted, so a credential typed in can never become a URL.
  @Header(
    'content-security-policy',
    "default-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'",
  )
  // An address opened with ?api_key= must not travel on as the Referer of the page's own requests.
  @Header('referrer-policy', 'no-referrer')
  page(): string {
    return this.http.indexHtml;
  }

  @Get('api/overview')
  @ApiOperation({
    summary: "The dashboard's overview: zones, hosts and sessions as this node sees them (docs/dashboard.md)",
  })
  @ApiOkResponse({
    description: 'The overview the page renders',
    schema: { type: 'object', additionalProperties: true },
  })
  @Header('cache-control', 'no-store')
  overview(): Promise<DashboardOverview> {
    return this.overviewService.overview();
  }

  @Get('api/zones/:zone/snapshot')
  @ApiOperation({ summary: "A zone's live map: its peers, their positions and proximity links" })
  @ApiOkResponse({ description: 'The zone map', schema: { type: 'object', additionalProperties: true } })
  @Header('cache-control', 'no-store')
  async snapshot(@Param('zone') zone: string): Promise<ZoneMap> {
    return this.maps.snapshot(await this.maps.requireZone(zone));
  }

  @Get('stream')
  @ApiOperation({ summary: "Server-sent events with a zone's live map (text/event-stream; docs/dashboard.md)" })
  @ApiQuery({ name: 'zone', required: true, type: String })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An event stream that stays open', schema: { type: 'string' } })
  async stream(@Query('zone') zone: unknown, @Res() reply: FastifyReply): Promise<void> {
    const checked = await this.maps.requireZone(zone);
    this.streams.assertCapacity();
    reply.hijack();
    this.streams.open(checked, reply.raw, { 'x-request-id': String(reply.request.id) });
  }
}
