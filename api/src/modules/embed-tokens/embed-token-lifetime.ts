/** Lifetimes of embed tokens in seconds: short, because a token in a browser can leak and cannot be called back from it. */
export const EMBED_TOKEN_DEFAULT_TTL = 300;
export const EMBED_TOKEN_MAX_TTL = 900;
