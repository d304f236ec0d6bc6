import { publicDir, readIndexHtml, withKeyHeader } from './dashboard-assets';

describe('dashboard page', () => {
  const page = readIndexHtml(publicDir());

  it('should name the API key header the page sends to API routes', () => {
    expect(page).toContain('<meta name="api-key-header" content="x-api-key">');
    expect(withKeyHeader(page, 'x-admin-key')).toContain('<meta name="api-key-header" content="x-admin-key">');
  });

  it('should escape a header name that could break out of the attribute', () => {
    const html = withKeyHeader(page, 'x"><script>');
    expect(html).toContain('<meta name="api-key-header" content="x&#34;&#62;&#60;script&#62;">');
    expect(html).not.toContain('<script>"');
  });
});
