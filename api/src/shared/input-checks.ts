// The checks every entry point (GraphQL, the no-JS forms, the audit export)
// applies to what a client sends before it reaches PostgreSQL, which would
// otherwise answer a NUL character or a malformed id with an error the
// client sees as a 500. A failed check is a client error naming the field.
import { DomainError } from './domain-error.ts';

/** Every id this product hands out is a PostgreSQL uuid, written in its canonical form. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (text: string): boolean => UUID.test(text);

/** PostgreSQL cannot store U+0000 in text, and no honest input holds one. */
export const hasNul = (text: string): boolean => text.includes('\u0000');

export const NUL_MESSAGE = 'must not contain a NUL character (U+0000)';

/** Refuses text PostgreSQL cannot store. */
export function requireStorableText(text: string, field: string): void {
  if (hasNul(text)) throw new DomainError('BAD_USER_INPUT', `${field} ${NUL_MESSAGE}.`, { field });
}

/** Refuses anything but an id of this product (a UUID). */
export function requireUuid(text: string, field: string): void {
  if (!isUuid(text)) throw new DomainError('BAD_USER_INPUT', `${field} is not an id of this API (a UUID).`, { field });
}
