// One UPDATE statement serves every shape of a partial patch: each field comes with a "set"
// flag, so a field left undefined keeps its column and an explicit null clears it.

/** Which column each patch field writes. */
export type PatchColumns<P> = { readonly [K in keyof P]-?: string };

/** `column = CASE WHEN @set_field THEN @field ELSE column END`, one per field. */
export function patchAssignments<P>(columns: PatchColumns<P>): string {
  return Object.entries<string>(columns)
    .map(([field, column]) => `${column} = CASE WHEN @set_${field} THEN @${field} ELSE ${column} END`)
    .join(',\n');
}

/** The statement parameters for `patch`: values as SQLite stores them (epoch ms, 0/1, JSON text). */
export function patchParams<P extends object>(patch: P, columns: PatchColumns<P>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of Object.keys(columns)) {
    const value: unknown = patch[field as keyof P];
    params[`set_${field}`] = value === undefined ? 0 : 1;
    params[field] = value === undefined ? null : storable(value);
  }
  return params;
}

function storable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value;
}
