/** Brand scopes as the UI reasons about them; the server's checks (domain/roles.ts) are the reference. */
import type { BrandScope } from "../types.js";

/**
 * Whether someone with `actor` scope may change a membership of `target` scope: nobody touches
 * more than they see, so the server refuses it (403) and the UI does not offer it.
 */
export function scopeCovers(actor: BrandScope, target: BrandScope): boolean {
  if (actor === null) return true;
  if (target === null) return false;
  return target.every((id) => actor.includes(id));
}

/** The scope with one brand ticked or unticked; brands the list does not show stay as they are. */
export function toggleBrand(scope: string[], brandId: string, on: boolean): string[] {
  const rest = scope.filter((id) => id !== brandId);
  return on ? [...rest, brandId] : rest;
}
