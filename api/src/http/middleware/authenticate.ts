import type { KeyObject } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy, type VerifiedCallback } from 'passport-jwt';
import type { Knex } from 'knex';
import { TokenExpired, TokenInvalid, Unauthenticated } from '../../lib/problem.ts';
import { principalForAccessToken } from '../../modules/auth/access-principal.service.ts';
import { ACCESS_TOKEN_AUDIENCE } from '../../modules/auth/access-tokens.ts';
import type { KeyRing } from '../../modules/auth/signing-keys.ts';
import type { UserActor } from '../../modules/access/roles.ts';
import { apiKeyOf, authenticateWithApiKey, authenticateWithEmbedToken, embedTokenOf } from './embed-auth.ts';

interface AccessPayload {
  sub: string;
  iat: number;
  typ?: string;
  pwv?: unknown;
}

/** Reads the key id from the token header without trusting anything else in it. */
function kidOf(rawJwt: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(rawJwt.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Registers the RS256 bearer strategy. Only RS256 is accepted (so `none` and HS256-with-the-public-key
 * tokens fail), the `kid` selects one of our published keys, and the user's current role and
 * membership are read from the database: a demoted or disabled user loses access at once, not
 * when the token expires.
 */
export function createAuthenticate(deps: { db: Knex; keys: KeyRing; issuer: string; platformOrigins: readonly string[] }): RequestHandler {
  const strategy = new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_req: Request, rawJwt: string, done: (err: unknown, key?: string) => void) => {
        const kid = kidOf(rawJwt);
        const key = kid ? deps.keys.verificationKey(kid) : undefined;
        if (!key) return done(new TokenInvalid('The token was not signed by a key we know.'));
        // jsonwebtoken (under passport-jwt) verifies with a KeyObject as well as a PEM; the typings
        // only list strings and Buffers. A parsed key saves re-parsing the PEM on every request.
        done(null, key as KeyObject as unknown as string);
      },
      algorithms: ['RS256'],
      issuer: deps.issuer,
      audience: ACCESS_TOKEN_AUDIENCE,
      passReqToCallback: false,
    },
    (payload: AccessPayload, done: VerifiedCallback) => {
      if (payload.typ !== 'access' || typeof payload.sub !== 'string') return done(new TokenInvalid('This is not an access token.'));
      principalForAccessToken(deps.db, payload).then(
        (principal) => done(null, principal),
        (error) => done(error),
      );
    },
  );
  passport.use('jwt', strategy);

  return (req: Request, res: Response, next: NextFunction) => {
    // Server-to-server API keys and widgets' embed tokens have their own verifiers; an access token
    // goes to passport, whose audience check refuses an embed token presented as one.
    const apiKey = apiKeyOf(req);
    if (apiKey !== undefined) return void authenticateWithApiKey(deps.db, req, apiKey).then(() => next(), next);
    const embedToken = embedTokenOf(req);
    if (embedToken !== undefined) return void authenticateWithEmbedToken(deps, req, embedToken).then(() => next(), next);
    passport.authenticate('jwt', { session: false }, (error: unknown, user: Omit<UserActor, 'ip' | 'requestId'> | false, info: unknown) => {
      if (error) return next(error);
      if (!user) return next(problemFromInfo(info, Boolean(req.headers.authorization)));
      req.actor = { ...user, ip: req.ip ?? null, requestId: req.id };
      next();
    })(req, res, next);
  };
}

function problemFromInfo(info: unknown, hadHeader: boolean) {
  const name = (info as { name?: string } | undefined)?.name;
  if (name === 'TokenExpiredError') return new TokenExpired('The access token has expired; refresh it.');
  if (!hadHeader) return new Unauthenticated('Send an access token in the Authorization header: "Bearer <token>".');
  return new TokenInvalid('The access token is malformed, tampered with or signed with an unexpected algorithm.');
}
