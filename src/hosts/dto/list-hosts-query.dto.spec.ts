import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AvailableHostsQueryDto, ListHostsQueryDto } from './list-hosts-query.dto';

async function parse<T extends object>(
  cls: new () => T,
  query: Record<string, unknown>,
): Promise<{ dto: T; fields: string[] }> {
  const dto = plainToInstance(cls, query);
  const errors = await validate(dto);
  return { dto, fields: errors.map((error) => error.property) };
}

describe(ListHostsQueryDto.name, () => {
  it('should default to the first 100 hosts of any status', async () => {
    const { dto, fields } = await parse(ListHostsQueryDto, {});
    expect(fields).toEqual([]);
    expect(dto).toMatchObject({ limit: 100, offset: 0 });
    expect(dto.status).toBeUndefined();
  });

  it.each(['online', 'ONLINE', ' Busy ', 'maintenance'])('should accept the status %p in any case', async (status) => {
    const { dto, fields } = await parse(ListHostsQueryDto, { status, status_filter: status });
    expect(fields).toEqual([]);
    expect(dto.status).toBe(status.trim().toLowerCase());
    expect(dto.status_filter).toBe(status.trim().toLowerCase());
  });

  it('should name the field and the allowed values for an unknown status', async () => {
    const dto = plainToInstance(ListHostsQueryDto, { status_filter: 'sleeping' });
    const [error] = await validate(dto);
    expect(error.property).toBe('status_filter');
    expect(Object.values(error.constraints ?? {})).toEqual([
      'status_filter must be one of: online, offline, busy, maintenance',
    ]);
  });

  it('should convert numeric query strings', async () => {
    const { dto, fields } = await parse(ListHostsQueryDto, { min_quality_score: '75.5', limit: '10', offset: '20' });
    expect(fields).toEqual([]);
    expect(dto).toMatchObject({ min_quality_score: 75.5, limit: 10, offset: 20 });
  });

  it.each([
    ['min_quality_score', 'abc'],
    ['min_quality_score', ''],
    ['min_quality_score', '101'],
    ['limit', '0'],
    ['limit', '1001'],
    ['limit', '2.5'],
    ['offset', '-1'],
  ])('should reject %s = %p', async (field, value) => {
    expect((await parse(ListHostsQueryDto, { [field]: value })).fields).toEqual([field]);
  });
});

describe(AvailableHostsQueryDto.name, () => {
  it('should accept a zone id and a minimum score', async () => {
    const { dto, fields } = await parse(AvailableHostsQueryDto, { zone_id: 'prontera', min_quality_score: '50' });
    expect(fields).toEqual([]);
    expect(dto).toMatchObject({ zone_id: 'prontera', min_quality_score: 50 });
  });

  it('should reject a zone id outside the id character set', async () => {
    expect((await parse(AvailableHostsQueryDto, { zone_id: 'pron tera' })).fields).toEqual(['zone_id']);
  });
});
