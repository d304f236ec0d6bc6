import { AppError } from '../common/errors/app-error';
import { MapCatalog } from '../maps/map-catalog.service';

/** The message both refusals share: which map, that MAP_CACHE_FILE is where maps come from, how many it has. */
export const notInCache = (maps: MapCatalog, mapName: string): string =>
  `Map "${mapName}" is not in the map cache (MAP_CACHE_FILE); it holds ${maps.size} map${maps.size === 1 ? '' : 's'}`;

/** UNKNOWN_MAP when a cache is configured and does not hold the map; anything goes without one. */
export function assertKnownMap(maps: MapCatalog, mapName: string): void {
  if (!maps.accepts(mapName)) {
    throw new AppError('UNKNOWN_MAP', notInCache(maps, mapName), [
      { field: 'map_name', message: `"${mapName}" is not a map of the map cache (MAP_CACHE_FILE)` },
    ]);
  }
}
