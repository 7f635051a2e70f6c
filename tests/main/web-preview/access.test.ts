import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { admit, TOKEN_REFUSAL, type PreviewSite } from '../../../src/main/web-preview/access';

/** Any UTF-16 text, lone surrogates and control characters included (fast to generate). */
const anyText = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
});

const site: PreviewSite = {
  origin: 'http://127.0.0.1:4321',
  host: '127.0.0.1:4321',
  token: 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6',
};
const request = (url: string, host: string | undefined = site.host) => ({ url, headers: { host } });
const withHost = (url: string, host: string | undefined) => ({ url, headers: { host } });

describe('who may reach the preview', () => {
  it('admits the token path and gives the decoded segments after it', () => {
    expect(admit(request(`/${site.token}`), site)).toEqual({ ok: true, path: [] });
    expect(admit(request(`/${site.token}/`), site)).toEqual({ ok: true, path: [''] });
    expect(admit(request(`/${site.token}/assets/a%20b.js?x=1#y`), site)).toEqual({
      ok: true,
      path: ['assets', 'a b.js'],
    });
  });

  it('refuses a missing, wrong or misplaced token with 403', () => {
    for (const url of [
      '/',
      '//',
      `//${site.token}/`,
      `/x/${site.token}/`,
      `/?token=${site.token}`,
      `/${site.token.slice(1)}/`,
      `/${site.token}x/`,
    ]) {
      expect(admit(request(url), site), url).toEqual({
        ok: false,
        status: 403,
        text: TOKEN_REFUSAL,
      });
    }
  });

  it('refuses targets that are not origin-form, or not decodable, with 400', () => {
    for (const url of [
      'http://[',
      `http://127.0.0.1:4321/${site.token}/`,
      '*',
      '',
      'x',
      `/${site.token}/%ZZ`,
      `/${site.token}/%C3`,
    ]) {
      expect(admit(request(url), site), url).toMatchObject({ ok: false, status: 400 });
    }
  });

  it('refuses any Host but its own with 403, whatever the path', () => {
    for (const host of [
      undefined,
      '',
      'localhost:4321',
      '127.0.0.1',
      '127.0.0.1:4322',
      'evil.example:4321',
      '[::1]:4321',
    ]) {
      expect(admit(withHost(`/${site.token}/`, host), site), String(host)).toMatchObject({
        ok: false,
        status: 403,
      });
    }
  });

  it('never throws and never admits a target without the token as its first segment (10,000 targets)', () => {
    const target = fc.oneof(
      anyText,
      fc.string().map((tail) => `http://127.0.0.1:4321/${tail}`),
      fc
        .array(fc.string(), { maxLength: 5 })
        .map((segments) => `/${site.token}/${segments.join('/')}`),
      fc.string().map((tail) => `/${site.token}/${tail}`),
      fc.string().map((tail) => `/${tail}`),
    );
    fc.assert(
      fc.property(target, (url) => {
        const admission = admit(request(url), site);
        if (!admission.ok) return admission.status === 400 || admission.status === 403;
        return new URL(`${site.origin}${url}`).pathname.split('/')[1] === site.token;
      }),
      { numRuns: 10_000 },
    );
  }, 30_000); // plenty for ~1 s of work on a loaded 2-core machine
});
