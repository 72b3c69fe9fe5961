import { describe, expect, it } from 'vitest';
import { normalizeEmbedOrigins } from './embed-origins.ts';

describe('embed origins', () => {
  it('accepts https origins and http only on loopback hosts', () => {
    expect(normalizeEmbedOrigins(['https://Portal.Bank.example', 'http://localhost:8080', 'http://127.0.0.1:5173/', 'https://portal.bank.example'], '/body/embedOrigins')).toEqual([
      'https://portal.bank.example',
      'http://localhost:8080',
      'http://127.0.0.1:5173',
    ]);
  });

  it('refuses plain http elsewhere, paths, credentials and wildcards, naming each entry', () => {
    try {
      normalizeEmbedOrigins(['http://bank.example', 'https://bank.example/portal', 'https://user:pw@bank.example', 'https://*.bank.example', 'http://localhost.evil.example'], '/o');
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: { errors: { pointer: string }[] } }).extensions.errors.map((e) => e.pointer)).toEqual(['/o/0', '/o/1', '/o/2', '/o/3', '/o/4']);
    }
  });
});
