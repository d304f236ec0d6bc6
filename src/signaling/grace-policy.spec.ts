import { CLOSE } from './connection';
import { keepsSeat } from './grace-policy';

describe('keepsSeat', () => {
  it.each([
    ['a dropped connection (1006: network loss, missed pings)', undefined, 1006],
    ['a browser going away (1001: reload, navigation)', undefined, 1001],
    ['a close event without a code', undefined, undefined],
    ['an application code from the client', undefined, 4100],
    ['a node drain', CLOSE.GOING_AWAY, 1001],
    ["this node's own failure", CLOSE.INTERNAL, 1011],
  ])('keeps the seat after %s', (_name, server, client) => {
    expect(keepsSeat(server, client)).toBe(true);
  });

  it.each([
    ['a clean close by the client (1000: the DLL leaving P2P zones)', undefined, 1000],
    ['a close frame without a status (1005)', undefined, 1005],
    ['a kick or ban', CLOSE.MODERATED, 1006],
    ['a policy violation', CLOSE.POLICY, 1008],
    ['a message too big', CLOSE.TOO_BIG, 1009],
    ['a replaced connection', CLOSE.REPLACED, 4001],
    ['an identification timeout', CLOSE.IDENTIFY_TIMEOUT, 4000],
    ['a refusal to try again later', CLOSE.TRY_AGAIN_LATER, 1013],
  ])('gives the seat up after %s', (_name, server, client) => {
    expect(keepsSeat(server, client)).toBe(false);
  });

  it('judges by the server code when this node closed the socket, whatever the client answered', () => {
    expect(keepsSeat(CLOSE.MODERATED, 1000)).toBe(false);
    expect(keepsSeat(CLOSE.GOING_AWAY, 1000)).toBe(true);
  });
});
