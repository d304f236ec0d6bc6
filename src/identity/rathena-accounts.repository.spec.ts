import { rathenaPoolOptions } from './rathena-accounts.repository';

describe(rathenaPoolOptions.name, () => {
  it('should read host, port, credentials and database from a mysql:// URL', () => {
    expect(rathenaPoolOptions('mysql://p2p_ro:s%40cret%2F1@db.internal:3307/ragnarok', 2000)).toMatchObject({
      host: 'db.internal',
      port: 3307,
      user: 'p2p_ro',
      password: 's@cret/1',
      database: 'ragnarok',
      connectTimeout: 2000,
      connectionLimit: 4,
    });
  });

  it('should accept mariadb://, an IPv6 host and the default port', () => {
    expect(rathenaPoolOptions('mariadb://ro@[::1]/rag%20db', 500)).toMatchObject({
      host: '::1',
      port: 3306,
      user: 'ro',
      password: '',
      database: 'rag db',
    });
  });

  it('should ignore query parameters instead of passing them to the driver', () => {
    expect(rathenaPoolOptions('mysql://ro@db/ragnarok?ssl=true&debug=true', 500)).not.toHaveProperty('debug');
  });
});
