import { SERVER_KIND_OF_TYPE, SERVER_TYPE_NAMES, ServerKind, serverKindOf } from './server-messages';

describe('server type names to kinds', () => {
  const kinds = Object.keys(SERVER_TYPE_NAMES) as ServerKind[];

  it('should map both spellings of every server type back to its kind', () => {
    for (const kind of kinds) {
      expect(serverKindOf(SERVER_TYPE_NAMES[kind].dll)).toBe(kind);
      expect(serverKindOf(SERVER_TYPE_NAMES[kind].reference)).toBe(kind);
    }
    expect(serverKindOf('session-created')).toBe('session_created');
    expect(serverKindOf('ice_candidate')).toBe('ice-candidate');
    expect(serverKindOf('peer-list')).toBe('peer_list');
  });

  it('should hold nothing but those spellings', () => {
    const spellings = new Set(
      kinds.flatMap((kind) => [SERVER_TYPE_NAMES[kind].dll, SERVER_TYPE_NAMES[kind].reference]),
    );
    expect(new Set(Object.keys(SERVER_KIND_OF_TYPE))).toEqual(spellings);
  });

  it('should find no kind for other types, inherited property names included', () => {
    for (const type of [
      '',
      'whatever',
      'create_session',
      'join',
      'SESSION_CREATED',
      'constructor',
      'toString',
      '__proto__',
    ]) {
      expect(serverKindOf(type)).toBeUndefined();
    }
  });
});
