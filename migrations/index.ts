import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { Moderation1766000000000 } from './1766000000000-Moderation';
import { SessionOriginAndHostRegistration1767000000000 } from './1767000000000-SessionOriginAndHostRegistration';

/** Every migration, in order. Listed explicitly so compiled and ts-jest runs load the same set. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  Moderation1766000000000,
  SessionOriginAndHostRegistration1767000000000,
];
