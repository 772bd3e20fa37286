// Shared by the SQLite store's parts: a nullable column as an optional field.
export const opt = <T>(v: unknown, f: (x: unknown) => T): T | undefined => (v === null || v === undefined ? undefined : f(v));
