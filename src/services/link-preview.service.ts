/**
 * Link previews (SMO): what each network will show for a link, read from the page's Open Graph
 * and Twitter Card tags, with warnings an editor can fix before publishing. The page is fetched
 * with safeFetch: a user-given URL must not reach private addresses.
 *
 * Which tags each network reads (from their documentation and observed behaviour): Telegram's
 * instant preview and Facebook/Instagram read og:* first, then twitter:*, then <title> and the
 * meta description; VK shows og:title and og:image with the domain; Bluesky's external embed
 * (card made by the posting client) takes og:title, og:description and og:image; Mastodon's
 * preview card uses og:* and falls back to <title> and the meta description.
 */
import type { Kysely } from "kysely";
import { Parser } from "htmlparser2";
import { AppError } from "../errors.js";
import { SafeFetchError, type SafeFetchOptions, safeFetch } from "../net/safe-fetch.js";
import type { Database } from "../store/schema.js";
import { type Actor, requireAccess } from "./access.js";

export type PageTags = {
  ogTitle: string | null;
  ogDescription: string | null;
  ogImage: string | null;
  ogImageWidth: number | null;
  ogImageHeight: number | null;
  ogSiteName: string | null;
  ogUrl: string | null;
  twitterCard: string | null;
  twitterTitle: string | null;
  twitterDescription: string | null;
  twitterImage: string | null;
  htmlTitle: string | null;
  metaDescription: string | null;
};

export type NetworkPreview = { title: string | null; description: string | null; image: string | null; siteName: string | null };
export type PreviewWarning = { code: string; message: string };
export type LinkPreview = {
  url: string;
  finalUrl: string;
  tags: PageTags;
  previews: Record<"telegram" | "vk" | "facebook" | "bluesky" | "mastodon", NetworkPreview>;
  warnings: PreviewWarning[];
};

/** Reads the tags from a page's HTML (entities decoded, whitespace collapsed). */
export function parsePageTags(html: string): PageTags {
  const meta = new Map<string, string>();
  let title = "";
  let inTitle = false;
  let titleSeen = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === "title" && !titleSeen) inTitle = true;
        if (name !== "meta") return;
        const key = (attrs.property ?? attrs.name ?? "").trim().toLowerCase();
        const content = attrs.content;
        // The first occurrence wins, as with the networks' own parsers.
        if (key && content !== undefined && !meta.has(key)) meta.set(key, content);
      },
      ontext(text) {
        if (inTitle) title += text;
      },
      onclosetag(name) {
        if (name === "title" && inTitle) {
          inTitle = false;
          titleSeen = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const get = (k: string) => {
    const v = meta.get(k)?.replace(/\s+/g, " ").trim();
    return v ? v : null;
  };
  const num = (k: string) => {
    const n = Number.parseInt(get(k) ?? "", 10);
    return Number.isFinite(n) && n > 0 ? n : null;
  };
  return {
    ogTitle: get("og:title"),
    ogDescription: get("og:description"),
    ogImage: get("og:image") ?? get("og:image:url") ?? get("og:image:secure_url"),
    ogImageWidth: num("og:image:width"),
    ogImageHeight: num("og:image:height"),
    ogSiteName: get("og:site_name"),
    ogUrl: get("og:url"),
    twitterCard: get("twitter:card"),
    twitterTitle: get("twitter:title"),
    twitterDescription: get("twitter:description"),
    twitterImage: get("twitter:image") ?? get("twitter:image:src"),
    htmlTitle: title.replace(/\s+/g, " ").trim() || null,
    metaDescription: get("description"),
  };
}

// Where networks cut: titles after about 60–70 characters, descriptions after about 155–200.
const titleMax = 70;
const descriptionMax = 200;
const recommended = { width: 1200, height: 630 };

const isAbsolute = (u: string) => /^https?:\/\//i.test(u);

/** Per-network previews and warnings for a page's tags. Pure. */
export function previewsFor(pageUrl: string, t: PageTags): Pick<LinkPreview, "previews" | "warnings"> {
  const host = URL.canParse(pageUrl) ? new URL(pageUrl).hostname : pageUrl;
  // Consumers resolve a relative og:image against the page, or (many of them) drop it.
  const abs = (u: string | null) => (u && URL.canParse(u, pageUrl) ? new URL(u, pageUrl).toString() : null);
  const title = t.ogTitle ?? t.twitterTitle ?? t.htmlTitle;
  const description = t.ogDescription ?? t.twitterDescription ?? t.metaDescription;
  const image = abs(t.ogImage ?? t.twitterImage);
  const siteName = t.ogSiteName ?? host;
  const previews: LinkPreview["previews"] = {
    telegram: { title, description, image, siteName },
    vk: { title: t.ogTitle ?? t.htmlTitle, description: null, image: abs(t.ogImage), siteName: host },
    facebook: { title: t.ogTitle ?? t.htmlTitle, description: t.ogDescription ?? t.metaDescription, image: abs(t.ogImage), siteName: host.toUpperCase() },
    bluesky: { title: t.ogTitle ?? t.htmlTitle, description: t.ogDescription ?? t.metaDescription, image: abs(t.ogImage), siteName: host },
    mastodon: { title: t.ogTitle ?? t.htmlTitle, description: t.ogDescription ?? t.metaDescription, image: abs(t.ogImage), siteName: t.ogSiteName ?? host },
  };

  const warnings: PreviewWarning[] = [];
  const warn = (code: string, message: string) => warnings.push({ code, message });
  if (!t.ogTitle) warn("og_title_missing", `The page has no og:title: networks fall back to ${t.htmlTitle ? `its <title> ("${t.htmlTitle}")` : "the bare address"}.`);
  if (!t.ogDescription) warn("og_description_missing", "The page has no og:description: Facebook, Bluesky and Mastodon show no text under the title, or the meta description if there is one.");
  if (!t.ogImage) warn("og_image_missing", "The page has no og:image: the preview will have no picture, which gets noticeably fewer clicks.");
  if (title && [...title].length > titleMax) warn("title_too_long", `The title is ${[...title].length} characters; networks cut titles after about 60–70.`);
  if (description && [...description].length > descriptionMax) {
    warn("description_too_long", `The description is ${[...description].length} characters; networks show about 155–200 and cut the rest.`);
  }
  const rawImage = t.ogImage ?? t.twitterImage;
  if (rawImage && !isAbsolute(rawImage)) warn("image_not_absolute", `The image address "${rawImage}" is not absolute: VK, Facebook and others need a full https:// address.`);
  if (t.ogImageWidth && t.ogImageHeight && (t.ogImageWidth < recommended.width || t.ogImageHeight < recommended.height)) {
    warn("image_too_small", `The image is ${t.ogImageWidth}×${t.ogImageHeight}; ${recommended.width}×${recommended.height} or larger is recommended for a large preview.`);
  }
  return { previews, warnings };
}

/** Decodes HTML in its declared charset (many Russian sites still serve windows-1251). */
function decodeHtml(body: Buffer, contentType: string | null): string {
  const fromHeader = /charset=["']?([\w-]+)/i.exec(contentType ?? "")?.[1];
  const head = body.subarray(0, 2048).toString("latin1");
  const fromMeta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromMeta, "utf-8"]) {
    if (!label) continue;
    try {
      return new TextDecoder(label).decode(body);
    } catch {
      // Unknown label: try the next one.
    }
  }
  return body.toString("utf8");
}

export type LinkPreviewDeps = { db: Kysely<Database>; allowPrivateFetch: boolean; fetchOptions?: SafeFetchOptions };

export async function previewLink(deps: LinkPreviewDeps, actor: Actor, workspaceId: string, url: string): Promise<LinkPreview> {
  await requireAccess(deps.db, actor, workspaceId, "posts.read");
  let res: Awaited<ReturnType<typeof safeFetch>>;
  try {
    res = await safeFetch(url, { allowPrivate: deps.allowPrivateFetch, ...deps.fetchOptions });
  } catch (err) {
    if (!(err instanceof SafeFetchError)) throw err;
    const refused = ["invalid_url", "scheme", "private_address"].includes(err.reason);
    throw new AppError(refused ? "validation_failed" : "bad_request", err.message, refused ? { cause: err, errors: [{ path: "url", message: err.message }] } : { cause: err });
  }
  if (res.status >= 400) throw new AppError("bad_request", `${new URL(res.url).host} answered ${res.status} for this address: networks will show no preview. Check the link.`);
  const isHtml = /html/i.test(res.contentType ?? "") || /^\s*</.test(res.body.subarray(0, 64).toString("latin1"));
  const tags = isHtml ? parsePageTags(decodeHtml(res.body, res.contentType)) : parsePageTags("");
  const { previews, warnings } = previewsFor(res.url, tags);
  if (!isHtml) warnings.unshift({ code: "not_html", message: `The address is a ${res.contentType ?? "file"}, not a web page: networks show at most the bare link.` });
  return { url, finalUrl: res.url, tags, previews, warnings };
}
