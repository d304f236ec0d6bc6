import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { CreateZoneDto } from './create-zone.dto';
import { ListZonesQueryDto } from './list-zones-query.dto';
import { UpdateZoneDto } from './update-zone.dto';
import { ZoneStatusBodyDto, ZoneStatusQueryDto } from './zone-status.dto';

async function failedFields<T extends object>(cls: new () => T, body: Record<string, unknown>): Promise<string[]> {
  const errors = await validate(plainToInstance(cls, body));
  return errors.map((error) => error.property);
}

const zoneBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  zone_id: 'prontera',
  zone_name: 'prontera',
  zone_display_name: 'Prontera Castle',
  map_name: 'prontera',
  ...overrides,
});

describe(CreateZoneDto.name, () => {
  it('should accept the four required fields alone, and nulls for optional ones', async () => {
    expect(await failedFields(CreateZoneDto, zoneBody())).toEqual([]);
    expect(await failedFields(CreateZoneDto, zoneBody({ max_players: null, description: null }))).toEqual([]);
  });

  it.each([
    ['zone_id', 'prontera/1'],
    ['zone_id', 'z'.repeat(65)],
    ['zone_name', ''],
    ['zone_display_name', 'x'.repeat(129)],
    ['map_name', 'm'.repeat(65)],
    ['max_players', 0],
    ['max_players', 10_001],
    ['recommended_players', '50'],
    ['p2p_enabled', 'yes'],
    ['p2p_priority', 11],
    ['min_host_quality_score', 100.5],
    ['min_bandwidth_mbps', 0],
    ['max_latency_ms', 60_001],
    ['description', 'd'.repeat(2001)],
    ['description', 'nul\u0000byte'],
  ])('should reject %s = %p', async (field, value) => {
    expect(await failedFields(CreateZoneDto, zoneBody({ [field]: value }))).toEqual([field]);
  });

  it('should accept a multi-line description', async () => {
    expect(await failedFields(CreateZoneDto, zoneBody({ description: 'line one\nline two\ttabbed' }))).toEqual([]);
  });
});

describe(UpdateZoneDto.name, () => {
  it('should accept any single field', async () => {
    expect(await failedFields(UpdateZoneDto, { p2p_priority: 7 })).toEqual([]);
  });

  it('should refuse null for a field that has no null value, but allow clearing the description', async () => {
    expect(await failedFields(UpdateZoneDto, { max_players: null })).toEqual(['max_players']);
    expect(await failedFields(UpdateZoneDto, { description: null })).toEqual([]);
  });
});

describe(ListZonesQueryDto.name, () => {
  it('should read yes/no style booleans and case-insensitive statuses', async () => {
    const dto = plainToInstance(ListZonesQueryDto, { p2p_enabled: 'off', status_filter: 'MAINTENANCE' });
    expect(await validate(dto)).toEqual([]);
    expect(dto).toMatchObject({ p2p_enabled: false, status_filter: 'maintenance' });
  });

  it('should reject an unknown boolean word and an unknown status', async () => {
    expect(await failedFields(ListZonesQueryDto, { p2p_enabled: 'maybe', status: 'closed' })).toEqual([
      'p2p_enabled',
      'status',
    ]);
  });
});

describe(ZoneStatusQueryDto.name, () => {
  it('should lower-case the new status and reject unknown values', async () => {
    const dto = plainToInstance(ZoneStatusQueryDto, { new_status: 'Disabled' });
    expect(await validate(dto)).toEqual([]);
    expect(dto.new_status).toBe('disabled');
    expect(await failedFields(ZoneStatusQueryDto, { new_status: 'open' })).toEqual(['new_status']);
    expect(await failedFields(ZoneStatusBodyDto, { status: 'open' })).toEqual(['status']);
  });
});
