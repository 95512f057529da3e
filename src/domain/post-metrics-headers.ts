/**
 * The column names a post statistics CSV may use, per Chorus field, in order of preference: Chorus's
 * own names first, then the exports people actually have.
 *
 * - Meta Business Suite (Facebook) → Insights → Content → Export, "Posts": "Post ID", "Publish time"
 *   (MM/DD/YYYY HH:mm), "Permalink", "Post type", "Title", "Description", "Views", "Reach",
 *   "Reactions", "Comments", "Shares", "Total clicks", "Link clicks" — seen in public projects that
 *   read real exports. Older files have "Impressions"; "Reactions, Comments and Shares" is a sum and
 *   is not read.
 * - The older Facebook Insights "Post data" export: "Post ID", "Permalink", "Post Message", "Type",
 *   "Posted", "Lifetime Post Total Reach", "Lifetime Post Total Impressions", "Lifetime Post Paid
 *   Reach", "Lifetime Post Stories by action type - like|comment|share" (counts) and "Lifetime
 *   Talking About This (Post) by action type - …" (people, used when the counts are absent).
 * - VK community post statistics: no public description of the export's exact headers was found,
 *   so the names below are VK's own terms for a post's figures (stats.getPostReach and the
 *   statistics screens: "Охват", "Рекламный охват", "Переходы по ссылке", …) and the plausible
 *   Russian names of the rest. Anything else is mapped with --map field=Header.
 *
 * Names are compared after normalizeHeader: case, "ё", quotes and repeated spaces do not matter.
 */
export const postMetricFields = [
  "published_at",
  "date",
  "time",
  "external_id",
  "url",
  "text",
  "format",
  "paid",
  "paid_reach",
  "followers",
  "reach",
  "impressions",
  "views",
  "likes",
  "comments",
  "reposts",
  "saves",
  "clicks",
  "rubric",
  "campaign",
] as const;
export type PostMetricField = (typeof postMetricFields)[number];

/** The metrics of a post; a file must have at least one of them. */
export const counterFields = ["reach", "impressions", "views", "likes", "comments", "reposts", "saves", "clicks"] as const;
export type CounterField = (typeof counterFields)[number];

export type ExportKind = "chorus" | "meta" | "facebook-insights" | "vk" | "custom";

export const exportNames: Record<ExportKind, string> = {
  chorus: "Chorus columns",
  meta: "Meta Business Suite (Facebook) posts export",
  "facebook-insights": "Facebook Insights post data export (older format)",
  vk: "VK community post statistics",
  custom: "columns mapped with --map",
};

type Alias = { name: string; from: ExportKind };
const of = (from: ExportKind, ...names: string[]): Alias[] => names.map((name) => ({ name: normalizeHeader(name), from }));

/** Lower case, "ё" → "е", no quotes or BOM, single spaces: how headers are compared. */
export function normalizeHeader(name: string): string {
  return name
    .normalize("NFKC")
    .replace(/^\uFEFF/, "")
    .toLowerCase()
    .replaceAll("ё", "е")
    .replace(/["«»“”„']/g, "")
    .replace(/\s+/g, " ")
    .replace(/\s*[:*]$/, "")
    .trim();
}

const lifetimeStories = (action: string) => `lifetime post stories by action type - ${action}`;
const lifetimeTalking = (action: string) => `lifetime talking about this (post) by action type - ${action}`;

export const headerAliases: Record<PostMetricField, Alias[]> = {
  published_at: [
    ...of("chorus", "published_at", "published at", "published"),
    ...of("meta", "publish time", "created_time"),
    ...of("facebook-insights", "posted"),
    ...of("vk", "дата публикации", "дата и время публикации", "время публикации", "опубликовано", "дата и время"),
  ],
  date: [...of("chorus", "date"), ...of("vk", "дата", "день")],
  time: [...of("chorus", "time"), ...of("vk", "время")],
  external_id: [
    ...of("chorus", "external_id", "external id", "id"),
    ...of("meta", "post id"),
    ...of("vk", "id записи", "идентификатор записи", "id поста", "номер записи"),
  ],
  url: [...of("chorus", "url", "link"), ...of("meta", "permalink"), ...of("vk", "ссылка на запись", "ссылка на пост", "адрес записи", "ссылка")],
  // "Title" and "Description" of a Meta export are handled apart: which holds the caption varies.
  text: [...of("chorus", "text", "message"), ...of("facebook-insights", "post message"), ...of("vk", "текст записи", "текст публикации", "текст")],
  format: [...of("chorus", "format", "type"), ...of("meta", "post type"), ...of("vk", "тип записи", "тип публикации", "тип", "формат")],
  paid: [...of("chorus", "paid", "boosted", "promoted"), ...of("vk", "реклама", "рекламная запись", "платная", "продвижение")],
  paid_reach: [...of("chorus", "paid_reach", "paid reach"), ...of("facebook-insights", "lifetime post paid reach"), ...of("vk", "рекламный охват")],
  followers: [
    ...of("chorus", "followers", "followers at the time", "subscribers", "page followers", "page total likes"),
    ...of("vk", "подписчики", "подписчиков", "участники", "участников", "число подписчиков"),
  ],
  reach: [
    ...of("chorus", "reach", "total reach"),
    ...of("facebook-insights", "lifetime post total reach"),
    ...of("vk", "охват", "полный охват", "общий охват", "суммарный охват", "охват записи"),
  ],
  impressions: [...of("chorus", "impressions"), ...of("facebook-insights", "lifetime post total impressions"), ...of("vk", "показы", "показов")],
  views: [...of("chorus", "views", "video views"), ...of("vk", "просмотры", "просмотров", "просмотры видео")],
  likes: [
    ...of("chorus", "likes"),
    ...of("meta", "reactions"),
    ...of("facebook-insights", lifetimeStories("like"), lifetimeTalking("like")),
    ...of("vk", "нравится", "лайки", "мне нравится", "отметки мне нравится", "реакции"),
  ],
  comments: [...of("chorus", "comments"), ...of("facebook-insights", lifetimeStories("comment"), lifetimeTalking("comment")), ...of("vk", "комментарии", "комментариев")],
  reposts: [...of("chorus", "reposts", "shares"), ...of("facebook-insights", lifetimeStories("share"), lifetimeTalking("share")), ...of("vk", "репосты", "репостов", "поделились")],
  saves: [...of("chorus", "saves", "saved", "bookmarks"), ...of("vk", "сохранения", "закладки", "в закладках", "добавили в закладки")],
  // Link clicks before all clicks: Chorus's clicks are clicks through to a site (DOMAIN.md, traffic).
  clicks: [
    ...of("chorus", "clicks"),
    ...of("meta", "link clicks"),
    ...of("facebook-insights", "lifetime post consumptions by type - link clicks"),
    ...of("meta", "total clicks"),
    ...of("facebook-insights", "lifetime post consumptions"),
    ...of("vk", "переходы по ссылке", "клики по ссылке", "переходы", "клики"),
  ],
  rubric: [...of("chorus", "rubric"), ...of("vk", "рубрика")],
  campaign: [...of("chorus", "campaign"), ...of("vk", "кампания")],
};

/** Columns whose text is the post's caption in a Meta export; the longer of the two is taken per row. */
export const captionAliases: Alias[] = [...of("meta", "title", "description"), ...of("vk", "заголовок", "описание")];

/** Other names people give a field on --map's left side. */
export const fieldSynonyms: Record<string, PostMetricField> = {
  shares: "reposts",
  type: "format",
  id: "external_id",
  post_id: "external_id",
  published: "published_at",
  link: "url",
  permalink: "url",
  message: "text",
};
