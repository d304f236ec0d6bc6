import { ApiProperty } from '@nestjs/swagger';
import type { ZoneMap } from '@ro-p2p/contract';

/** How `walkable` is encoded; the one encoding there is, named so another can be added beside it. */
export const ZONE_MAP_ENCODING = 'bitmap-lsb0-base64';

/** A zone's map from rAthena's map cache: its size and which cells can be walked on. */
export class ZoneMapResponseDto implements ZoneMap {
  @ApiProperty({ example: 'prontera' })
  zone_id!: string;

  @ApiProperty({ example: 'prontera', description: "The zone's map_name, as rAthena names it (lowercase)" })
  map_name!: string;

  @ApiProperty({ example: 312, description: 'Cells along x (0 ≤ x < width)' })
  width!: number;

  @ApiProperty({ example: 392, description: 'Cells along y (0 ≤ y < height)' })
  height!: number;

  @ApiProperty({ example: 61516, description: 'How many cells are walkable (the set bits of `walkable`)' })
  walkable_cells!: number;

  @ApiProperty({ enum: [ZONE_MAP_ENCODING], example: ZONE_MAP_ENCODING })
  encoding!: typeof ZONE_MAP_ENCODING;

  @ApiProperty({
    example: 'AAAAAAAA4P8fAAAAAPj/BwAA',
    format: 'byte',
    description:
      'Base64 of a bitmap of ceil(width·height / 8) bytes: cell (x, y) is bit i = x + y·width, at byte i >> 3, ' +
      'bit i & 7 (least significant bit first); 1 = walkable. Trailing bits of the last byte are 0. ' +
      '(The example is shortened: prontera is 15,288 bytes, 20,384 characters.)',
  })
  walkable!: string;
}
