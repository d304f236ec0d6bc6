import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, ValidateBy } from 'class-validator';
import type { HostIceServer } from '@ro-p2p/contract';

const ICE_URL = /^(stun|turns?):[\x21-\x7E]+$/i;
export const ICE_URL_MAX_LENGTH = 256;
export const ICE_URLS_MAX = 10;
const ICE_SECRET = /^\P{C}{1,256}$/u;

/** One `stun:`/`turn:`/`turns:` URL, or a non-empty list of them, as RTCIceServer.urls allows. */
export function isIceUrls(value: unknown): boolean {
  const urls: unknown[] = Array.isArray(value) ? value : [value];
  return (
    urls.length >= 1 &&
    urls.length <= ICE_URLS_MAX &&
    urls.every((url) => typeof url === 'string' && url.length <= ICE_URL_MAX_LENGTH && ICE_URL.test(url))
  );
}

const IsIceUrls = (): PropertyDecorator =>
  ValidateBy({
    name: 'isIceUrls',
    validator: {
      validate: isIceUrls,
      defaultMessage: () =>
        `$property must be a stun:, turn: or turns: URL of at most ${ICE_URL_MAX_LENGTH} characters, or a list of 1-${ICE_URLS_MAX} of them`,
    },
  });

/** An RTCIceServer entry the host wants its peers to use. */
export class IceServerDto implements HostIceServer {
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['stun:stun.example.org:3478', 'turn:turn.example.org:3478?transport=udp'],
  })
  @IsIceUrls()
  urls!: string | string[];

  @ApiPropertyOptional({ example: 'ro-host', maxLength: 256 })
  @IsOptional()
  @IsString()
  @Matches(ICE_SECRET, { message: '$property must be 1-256 printable characters' })
  username?: string;

  @ApiPropertyOptional({ example: 's3cret', maxLength: 256 })
  @IsOptional()
  @IsString()
  @Matches(ICE_SECRET, { message: '$property must be 1-256 printable characters' })
  credential?: string;
}
