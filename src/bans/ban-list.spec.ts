import type { BanRecord } from './ban.record';
import { BanList } from './ban-list';

const ban = (overrides: Partial<BanRecord>): BanRecord => ({
  id: 'b1',
  peer_id: 'alice',
  ip: null,
  reason: 'botting',
  created_at: new Date(),
  expires_at: null,
  lifted_at: null,
  created_by: 'api-key',
  ...overrides,
});

describe('BanList', () => {
  it('should find a ban by peer id or by address, and nothing for others', () => {
    const list = new BanList({ active: () => Promise.resolve([]) });
    list.apply(ban({ id: 'p', peer_id: 'alice' }));
    list.apply(ban({ id: 'i', peer_id: null, ip: '203.0.113.7' }));
    expect(list.find({ peerId: 'alice' })?.id).toBe('p');
    expect(list.find({ ip: '203.0.113.7' })?.id).toBe('i');
    expect(list.find({ peerId: 'bob', ip: '203.0.113.7' })?.id).toBe('i');
    expect(list.isBanned({ peerId: 'bob', ip: '198.51.100.1' })).toBe(false);
    expect(list.isBanned({})).toBe(false);
  });

  it('should stop applying an expired ban by time, with no reload', () => {
    const list = new BanList({ active: () => Promise.resolve([]) });
    const now = Date.now();
    list.apply(ban({ expires_at: new Date(now + 1000) }));
    expect(list.isBanned({ peerId: 'alice' }, now)).toBe(true);
    expect(list.isBanned({ peerId: 'alice' }, now + 1000)).toBe(false);
    expect(list.active(now + 1000)).toEqual([]);
  });

  it('should forget a lifted ban, and keep another ban on the same peer', () => {
    const list = new BanList({ active: () => Promise.resolve([]) });
    list.apply(ban({ id: 'one' }));
    list.apply(ban({ id: 'two', expires_at: new Date(Date.now() + 60_000) }));
    list.lift('one');
    expect(list.find({ peerId: 'alice' })?.id).toBe('two');
    list.apply(ban({ id: 'two', lifted_at: new Date() }));
    expect(list.isBanned({ peerId: 'alice' })).toBe(false);
  });

  it('should replace the list on reload, keep it when the store fails, and not undo a change made meanwhile', async () => {
    let release: (rows: BanRecord[]) => void = () => undefined;
    let fail = false;
    const list = new BanList({
      active: () => (fail ? Promise.reject(new Error('down')) : new Promise((resolve) => (release = resolve))),
    });
    const loading = list.reload();
    list.apply(ban({ id: 'new', peer_id: 'carol' })); // a broadcast while the query is in flight
    release([ban({ id: 'old', peer_id: 'dave' })]);
    await loading;
    expect(list.isBanned({ peerId: 'dave' })).toBe(true);
    expect(list.isBanned({ peerId: 'carol' })).toBe(true);

    fail = true;
    await list.reload();
    expect(list.isBanned({ peerId: 'dave' })).toBe(true);
  });
});
