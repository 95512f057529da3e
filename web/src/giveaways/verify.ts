/**
 * The draw recomputed in the browser with WebCrypto, from the published data alone — a second,
 * independent implementation of docs/giveaways.md ("The algorithm: chorus-giveaway-v1"); the
 * server's is src/domain/giveaway.ts. Needs a secure context (https or localhost) for crypto.subtle.
 */
export type BrowserVerification = {
  listHash: boolean;
  canonical: boolean;
  commitment: boolean | null;
  winners: boolean | null;
  recomputed: { place: number; entry: string }[] | null;
  ok: boolean;
};

const utf8 = new TextEncoder();
const hex = (buf: ArrayBuffer): string => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const sha256 = async (bytes: Uint8Array): Promise<string> => hex(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
const fromHex = (h: string): Uint8Array => new Uint8Array((h.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)));

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

export async function verifyInBrowser(p: { commitment: string; winnersCount: number; seed: string | null; winners: { place: number; entry: string }[] | null; entrants: { canonical: string; sha256: string } }): Promise<BrowserVerification> {
  const text = p.entrants.canonical;
  const entries = text === "" ? [] : text.split("\n");
  const sorted = [...new Set(entries)].sort((a, b) => compareBytes(utf8.encode(a), utf8.encode(b)));
  const canonical = sorted.join("\n") === text;
  const listHash = (await sha256(utf8.encode(text))) === p.entrants.sha256;
  if (p.seed === null) return { listHash, canonical, commitment: null, winners: null, recomputed: null, ok: listHash && canonical };
  if (!/^[0-9a-f]{64}$/.test(p.seed)) return { listHash, canonical, commitment: false, winners: false, recomputed: null, ok: false };
  const seed = fromHex(p.seed);
  const commitment = (await sha256(seed)) === p.commitment;
  const key = await crypto.subtle.importKey("raw", seed as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const tickets = await Promise.all(entries.map(async (entry) => ({ entry, ticket: hex(await crypto.subtle.sign("HMAC", key, utf8.encode(entry))) })));
  tickets.sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : compareBytes(utf8.encode(a.entry), utf8.encode(b.entry))));
  const recomputed = tickets.slice(0, p.winnersCount).map((t, i) => ({ place: i + 1, entry: t.entry }));
  const winners = JSON.stringify(recomputed) === JSON.stringify((p.winners ?? []).map((w) => ({ place: w.place, entry: w.entry })));
  return { listHash, canonical, commitment, winners, recomputed, ok: listHash && canonical && commitment && winners };
}
