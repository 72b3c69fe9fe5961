import { describe, expect, it } from 'vitest';
import { cacheValidatorRouteMatchers } from '../../../api/src/http/route-matcher-cache.ts';

describe("the validator's route matchers", () => {
  it('are compiled once per route and options, and match as before', () => {
    const module = cacheValidatorRouteMatchers();
    // Installing twice keeps one memo (createApp runs once per test app).
    expect(cacheValidatorRouteMatchers().pathToRegexp).toBe(module.pathToRegexp);
    const first = module.pathToRegexp('/v1/companies/:companyId/statements/:statementId', { sensitive: false, strict: false });
    const again = module.pathToRegexp('/v1/companies/:companyId/statements/:statementId', { sensitive: false, strict: false });
    expect(again).toBe(first);
    expect(first.regexp.exec('/v1/companies/c-1/statements/s-2')?.slice(1)).toEqual(['c-1', 's-2']);
    expect(first.regexp.exec('/v1/companies/c-1')).toBeNull();
    // Other options, another matcher: case-sensitive routing must not reuse the insensitive one.
    const sensitive = module.pathToRegexp('/v1/companies/:companyId/statements/:statementId', { sensitive: true, strict: false });
    expect(sensitive).not.toBe(first);
    expect(sensitive.regexp.exec('/V1/companies/c-1/statements/s-2')).toBeNull();
    expect(first.regexp.exec('/V1/companies/c-1/statements/s-2')).not.toBeNull();
    // Options holding functions are passed through, not memoised.
    const decode = (value: string) => value;
    expect(module.pathToRegexp('/v1/alerts/:alertId', { decode } as never)).not.toBe(module.pathToRegexp('/v1/alerts/:alertId', { decode } as never));
  });
});
