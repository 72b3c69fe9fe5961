import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DefaultModel } from '../ensemble/default-model.ts';

/** The committed artifact, `model/artifacts/default-model-v1.json`. */
export const DEFAULT_ARTIFACT_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../artifacts/default-model-v1.json');

/** Reads and restores a default model artifact (the committed one by default). */
export function loadDefaultModel(path: string = DEFAULT_ARTIFACT_PATH): DefaultModel {
  return DefaultModel.fromJSON(JSON.parse(readFileSync(path, 'utf8')));
}

/** Writes a model as compact JSON with a trailing newline; returns the byte size. */
export function saveDefaultModel(model: DefaultModel, path: string = DEFAULT_ARTIFACT_PATH): number {
  const text = `${JSON.stringify(model.toJSON())}\n`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}
