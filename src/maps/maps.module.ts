import { Module } from '@nestjs/common';
import { MapCatalog } from './map-catalog.service';

/**
 * rAthena's map cache: which maps exist, their sizes and walkable cells. Imported by the modules
 * that need it (zones checks map names and serves a zone's map; signaling checks positions); Nest
 * builds one MapCatalog for all of them, so the file is read once.
 */
@Module({
  providers: [MapCatalog],
  exports: [MapCatalog],
})
export class MapsModule {}
