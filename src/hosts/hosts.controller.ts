import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { Principal } from '../auth/principal';
import { Audited } from '../audit/audited.decorator';
import { ClientRoute, OwnerRoute } from '../auth/route-group.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { IdParam, idParamDoc } from '../common/http/parse-id.pipe';
import { AvailableHostsQueryDto, ListHostsQueryDto } from './dto/list-hosts-query.dto';
import { HeartbeatHostDto } from './dto/heartbeat-host.dto';
import { HostResponseDto } from './dto/host-response.dto';
import { RegisterHostDto } from './dto/register-host.dto';
import { HostsService } from './hosts.service';

const INVALID = {
  type: ErrorResponseDto,
  description: 'VALIDATION_FAILED or INVALID_JSON, with the fields in `errors`',
};

const HOST_ID_PARAM = idParamDoc('host_id', 'host-7f3a');

// Static routes (register, available/*) are declared before `:host_id` so they are never read as an id.
@ApiTags('hosts')
@ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed request' })
@ClientRoute()
@Controller('api/v1/hosts')
export class HostsController {
  constructor(private readonly hosts: HostsService) {}

  @Post('register')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a host, or re-register it (upsert on host_id)',
    description:
      'Creates the host online, or overwrites its identity, network and hardware fields, sets it online and keeps its live metrics. Hosts below the MIN_* hardware requirements are stored with `eligible: false` and never selected.',
  })
  @ApiCreatedResponse({ type: HostResponseDto, description: 'Created or updated' })
  @ApiUnprocessableEntityResponse(INVALID)
  registerHost(@Body() body: RegisterHostDto, @CurrentPrincipal() principal: Principal): Promise<HostResponseDto> {
    return this.hosts.register(body, principal);
  }

  @Get()
  @ApiOperation({
    summary: 'List hosts, best quality first',
    description: 'Paged with `limit` (default 100) and `offset`.',
  })
  @ApiOkResponse({ type: [HostResponseDto] })
  @ApiUnprocessableEntityResponse(INVALID)
  listHosts(@Query() query: ListHostsQueryDto): Promise<HostResponseDto[]> {
    return this.hosts.list(query);
  }

  @Get('available/list')
  @ApiOperation({
    summary: 'Hosts that can take players now (at most 1000)',
    description:
      'Online, eligible, with free player and zone slots, a heartbeat within HOST_HEARTBEAT_TIMEOUT_MINUTES and latency within MAX_LATENCY_MS. With `zone_id`, also the zone minimum quality and bandwidth and maximum latency. Ordered by quality, then fewest players.',
  })
  @ApiOkResponse({ type: [HostResponseDto] })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'ZONE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse(INVALID)
  listAvailableHosts(@Query() query: AvailableHostsQueryDto): Promise<HostResponseDto[]> {
    return this.hosts.listAvailable(query);
  }

  @Get('available/best')
  @ApiOperation({ summary: 'The first host of the available list' })
  @ApiOkResponse({ type: HostResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'NO_AVAILABLE_HOST or ZONE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse(INVALID)
  getBestAvailableHost(@Query() query: AvailableHostsQueryDto): Promise<HostResponseDto> {
    return this.hosts.getBestAvailable(query);
  }

  @Get(':host_id')
  @ApiOperation({ summary: 'Get one host' })
  @ApiParam(HOST_ID_PARAM)
  @ApiOkResponse({ type: HostResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'HOST_NOT_FOUND' })
  @ApiUnprocessableEntityResponse(INVALID)
  getHost(@IdParam('host_id') id: string): Promise<HostResponseDto> {
    return this.hosts.getById(id);
  }

  @Post(':host_id/heartbeat')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Report live metrics',
    description: 'Overwrites the metrics, recomputes the score, and brings an offline host back online.',
  })
  @ApiParam(HOST_ID_PARAM)
  @ApiOkResponse({ type: HostResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'HOST_NOT_FOUND' })
  @ApiUnprocessableEntityResponse(INVALID)
  heartbeatHost(
    @IdParam('host_id') id: string,
    @Body() body: HeartbeatHostDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HostResponseDto> {
    return this.hosts.heartbeat(id, body, principal);
  }

  @Delete(':host_id')
  @OwnerRoute()
  @Audited('host.delete', { target: (request) => request.params.host_id })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a host and, with it, its sessions' })
  @ApiParam(HOST_ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'HOST_NOT_FOUND' })
  @ApiUnprocessableEntityResponse(INVALID)
  deleteHost(@IdParam('host_id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.hosts.remove(id, principal);
  }
}
