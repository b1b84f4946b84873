import { badInput } from '@ferry/contracts';

import { SHA256_PATTERN } from './artifact';

const MAX_DESCRIPTION = 10_000;
const MAX_TAGS = 64;

/** Trims a description and bounds its length. */
export function description(value: string | null | undefined): string {
  const text = (value ?? '').trim();
  if (text.length > MAX_DESCRIPTION) {
    throw badInput(`description must be at most ${MAX_DESCRIPTION} characters`, { field: 'description' });
  }
  return text;
}

/** Trims and de-duplicates tags; each 1–64 characters, at most 64 of them. */
export function tags(values: string[] | null | undefined): string[] {
  const list = values ?? [];
  if (list.length > MAX_TAGS) {
    throw badInput(`at most ${MAX_TAGS} tags`, { field: 'tags' });
  }
  const cleaned = list.map((t) => t.trim());
  if (cleaned.some((t) => t === '' || t.length > 64)) {
    throw badInput('each tag must be 1–64 characters', { field: 'tags' });
  }
  return [...new Set(cleaned)];
}

/** A sha256 in lower-case hex, or BAD_USER_INPUT naming the field. */
export function sha256(field: string, value: string): string {
  const hex = value.trim().toLowerCase();
  if (!SHA256_PATTERN.test(hex)) {
    throw badInput(`${field} must be a sha256 in hex (64 characters)`, { field });
  }
  return hex;
}

/** A JSON object (metrics, params), or BAD_USER_INPUT. */
export function jsonObject(field: string, value: unknown): Record<string, unknown> {
  if (value === undefined || value === null) {
    return {};
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badInput(`${field} must be a JSON object`, { field });
  }
  return value as Record<string, unknown>;
}
