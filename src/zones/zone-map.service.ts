import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppError } from '../common/errors/app-error';
import { MapCatalog } from '../maps/map-catalog.service';
import { MapGrid } from '../maps/map-grid';
import { ZONE_MAP_ENCODING, ZoneMapResponseDto } from './dto/zone-map-response.dto';
import { notInCache } from './zone-map-rules';
import { ZonesRepository } from './zones.repository';

/** A zone's map as `GET /api/v1/zones/{zone_id}/map` answers it, with its entity tag. */
export interface ZoneMapReply {
  body: ZoneMapResponseDto;
  /** A strong ETag (quoted) of the body: the same map under the same name gives the same tag. */
  etag: string;
}

interface EncodedMap {
  walkable: string;
  digest: string;
}

/**
 * Serves a zone's walkable cells. The base64 and its digest are computed once per map (the grids
 * are the catalog's, one per map, so the memo is bounded by the cache and goes with it).
 */
@Injectable()
export class ZoneMapService {
  private readonly encoded = new WeakMap<MapGrid, EncodedMap>();

  constructor(
    private readonly repository: ZonesRepository,
    private readonly maps: MapCatalog,
  ) {}

  async get(zoneId: string): Promise<ZoneMapReply> {
    const zone = await this.repository.findByZoneId(zoneId);
    if (!zone) {
      throw new AppError('ZONE_NOT_FOUND', `Zone not found: ${zoneId}`);
    }
    const grid = this.grid(zoneId, zone.map_name);
    const { walkable, digest } = this.encode(grid);
    return {
      body: {
        zone_id: zone.zone_id,
        map_name: grid.name,
        width: grid.width,
        height: grid.height,
        walkable_cells: grid.walkableCount,
        encoding: ZONE_MAP_ENCODING,
        walkable,
      },
      // The zone id is the URL's; the map's name, size and cells are all the rest of the body.
      etag: `"${digest}"`,
    };
  }

  private grid(zoneId: string, mapName: string): MapGrid {
    if (!this.maps.configured) {
      throw new AppError(
        'MAP_NOT_AVAILABLE',
        `No map for zone "${zoneId}": no map cache is configured (MAP_CACHE_FILE is not set)`,
      );
    }
    if (!this.maps.has(mapName)) {
      throw new AppError('MAP_NOT_AVAILABLE', `No map for zone "${zoneId}": ${notInCache(this.maps, mapName)}`);
    }
    const grid = this.maps.get(mapName);
    if (!grid) {
      throw new AppError(
        'MAP_NOT_AVAILABLE',
        `No map for zone "${zoneId}": map "${mapName}" could not be decoded from the map cache (MAP_CACHE_FILE); see the coordinator's log`,
      );
    }
    return grid;
  }

  private encode(grid: MapGrid): EncodedMap {
    let encoded = this.encoded.get(grid);
    if (!encoded) {
      const bitmap = grid.bitmap();
      const digest = createHash('sha256')
        .update(`${grid.name}\n${grid.width}x${grid.height}\n`)
        .update(bitmap)
        .digest('base64url')
        .slice(0, 27);
      encoded = { walkable: Buffer.from(bitmap).toString('base64'), digest };
      this.encoded.set(grid, encoded);
    }
    return encoded;
  }
}
