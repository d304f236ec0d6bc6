import { NodeFactory, sleep } from './state-contract.support';

export function runMembershipContract(f: NodeFactory): void {
  it('join adds the peer and is idempotent', async () => {
    const { membership } = await f.node();
    expect(await membership.join('s1', 'a', 5_000)).toEqual({ alreadyMember: false });
    expect(await membership.join('s1', 'b', 5_000)).toEqual({ alreadyMember: false });
    expect(await membership.join('s1', 'a', 5_000)).toEqual({ alreadyMember: true });
    expect(await membership.members('s1')).toEqual(['a', 'b']);
    expect(await membership.sessionOf('a')).toBe('s1');
    expect(await membership.countSessions()).toBe(1);
  });

  it('join moves a peer between sessions and removes the emptied one', async () => {
    const { membership } = await f.node();
    await membership.join('s1', 'a', 5_000);
    await membership.join('s1', 'b', 5_000);
    expect(await membership.join('s2', 'a', 5_000)).toEqual({ previousSessionId: 's1', alreadyMember: false });
    expect(await membership.members('s1')).toEqual(['b']);
    expect(await membership.members('s2')).toEqual(['a']);
    expect(await membership.countSessions()).toBe(2);

    expect(await membership.join('s2', 'b', 5_000)).toEqual({ previousSessionId: 's1', alreadyMember: false });
    expect(await membership.members('s1')).toEqual([]);
    expect(await membership.members('s2')).toEqual(['a', 'b']);
    expect(await membership.countSessions()).toBe(1);
  });

  it('joinAndList answers as join does, with the live members read after the join', async () => {
    const { membership } = await f.node();
    expect(await membership.joinAndList('s1', 'b', 5_000)).toEqual({ alreadyMember: false, members: ['b'] });
    expect(await membership.joinAndList('s1', 'a', 5_000)).toEqual({ alreadyMember: false, members: ['a', 'b'] });
    expect(await membership.joinAndList('s1', 'a', 5_000)).toEqual({ alreadyMember: true, members: ['a', 'b'] });
    expect(await membership.joinAndList('s2', 'a', 5_000)).toEqual({
      previousSessionId: 's1',
      alreadyMember: false,
      members: ['a'],
    });
    expect(await membership.members('s1')).toEqual(['b']);
    expect(await membership.sessionOf('a')).toBe('s2');
    expect(await membership.countSessions()).toBe(2);
    // Concurrent joiners each see themselves, and the last to finish sees everyone.
    const lists = await Promise.all(['c', 'd', 'e'].map((peer) => membership.joinAndList('s2', peer, 5_000)));
    lists.forEach((list, i) => expect(list.members).toContain(['c', 'd', 'e'][i]));
    expect(await membership.members('s2')).toEqual(['a', 'c', 'd', 'e']);
  });

  it('concurrent joins of one peer leave it in exactly one session', async () => {
    const { membership } = await f.node();
    const sessions = Array.from({ length: 20 }, (_, i) => `s${i}`);
    await Promise.all(sessions.map((s) => membership.join(s, 'a', 5_000)));
    const finalSession = await membership.sessionOf('a');
    const memberships = await Promise.all(sessions.map((s) => membership.members(s)));
    expect(memberships.filter((m) => m.length > 0)).toEqual([['a']]);
    expect(memberships[sessions.indexOf(finalSession!)]).toEqual(['a']);
    expect(await membership.countSessions()).toBe(1);
  });

  it('leave returns the session left and drops the session when it empties', async () => {
    const { membership } = await f.node();
    await membership.join('s1', 'a', 5_000);
    await membership.join('s1', 'b', 5_000);
    expect(await membership.leave('a')).toBe('s1');
    expect(await membership.leave('a')).toBeNull();
    expect(await membership.sessionOf('a')).toBeNull();
    expect(await membership.members('s1')).toEqual(['b']);

    // A leave aimed at another session must not undo the current membership.
    expect(await membership.leave('b', 's2')).toBeNull();
    expect(await membership.sessionOf('b')).toBe('s1');
    expect(await membership.leave('b', 's1')).toBe('s1');
    expect(await membership.members('s1')).toEqual([]);
    expect(await membership.countSessions()).toBe(0);
  });

  it('leaveMany leaves each peer only from the session named, in order, and drops emptied sessions', async () => {
    const { membership } = await f.node();
    await membership.join('s1', 'a', 5_000);
    await membership.join('s1', 'b', 5_000);
    await membership.join('s2', 'c', 5_000);
    await membership.join('s3', 'd', 5_000);
    // 'd' came back in s3 after leaving s2: the late leave of s2 must not take it out of s3.
    const left = await membership.leaveMany([
      { peerId: 'a', sessionId: 's1' },
      { peerId: 'd', sessionId: 's2' },
      { peerId: 'c', sessionId: 's2' },
      { peerId: 'nobody', sessionId: 's1' },
      { peerId: 'a', sessionId: 's1' },
    ]);
    expect(left).toEqual(['s1', null, 's2', null, null]);
    expect(await membership.members('s1')).toEqual(['b']);
    expect(await membership.members('s2')).toEqual([]);
    expect(await membership.sessionOf('d')).toBe('s3');
    expect(await membership.countSessions()).toBe(2);
    expect(await membership.leaveMany([])).toEqual([]);
  });

  it('memberships and sessions expire after their TTL', async () => {
    const { membership } = await f.node();
    await membership.join('s1', 'a', 200);
    await membership.join('s2', 'b', 200);
    expect(await membership.countSessions()).toBe(2);
    await sleep(300);
    expect(await membership.sessionOf('a')).toBeNull();
    expect(await membership.members('s1')).toEqual([]);
    expect(await membership.countSessions()).toBe(0);
  });

  it('refresh keeps the given peers and their session alive while others expire', async () => {
    const { membership } = await f.node();
    // A TTL well above the refresh period, so a loaded machine's late timer does not expire 'a' too.
    await membership.join('s1', 'a', 1_000);
    await membership.join('s1', 'b', 1_000);
    for (let i = 0; i < 5; i++) {
      await sleep(300);
      await membership.refresh(['a'], 1_000);
    }
    expect(await membership.sessionOf('a')).toBe('s1');
    expect(await membership.sessionOf('b')).toBeNull();
    expect(await membership.members('s1')).toEqual(['a']);
    expect(await membership.countSessions()).toBe(1);
    expect(await membership.refresh(['a', 'b', 'ghost'], 1_000)).toBe(1);
    expect(await membership.refresh([], 1_000)).toBe(0);
  });

  it('an expired member does not keep its old session counted after the last live member leaves', async () => {
    const { membership } = await f.node();
    await membership.join('s1', 'stale', 200);
    await membership.join('s1', 'live', 5_000);
    await sleep(300);
    expect(await membership.leave('live')).toBe('s1');
    expect(await membership.countSessions()).toBe(0);
  });
}
