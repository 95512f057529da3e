import { describe, expect, it } from "vitest";
import { SafeFetchError, type SafeFetchResult, type safeFetch } from "../../net/safe-fetch.js";
import { decodeBody, FeedError, feedLinksIn, htmlToPlainText, isoDate, parseFeedDocument, readFeed } from "./feed.js";

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>North Coffee &amp; Co — blog</title>
  <link>https://north.example/blog/</link>
  <description>News</description>
  <item>
    <title>Autumn menu &lt;b&gt;is out&lt;/b&gt;</title>
    <link>/blog/autumn</link>
    <guid isPermaLink="false">north-42</guid>
    <author>press@north.example (Anna Press)</author>
    <pubDate>Tue, 10 Mar 2026 10:00:00 +0300</pubDate>
    <description>&lt;p&gt;Pumpkin latte &amp;amp; cinnamon buns.&lt;br/&gt;Try them at &lt;a href="https://north.example/map"&gt;our caf&amp;eacute;s&lt;/a&gt;!&lt;/p&gt;&lt;script&gt;steal(document.cookie)&lt;/script&gt;&lt;style&gt;p{color:red}&lt;/style&gt;&lt;p&gt;&amp;lt;img src=x onerror=alert(1)&amp;gt; is just text here.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Full text wins</title>
    <link>javascript:alert(1)</link>
    <dc:creator>Boris</dc:creator>
    <pubDate>Mon, 09 Mar 2026 18:30:00 MSK</pubDate>
    <description>Short summary</description>
    <content:encoded><![CDATA[<h2>Full text</h2><ul><li>one</li><li>two</li></ul>]]></content:encoded>
  </item>
  <item>
    <description>No title, no link, no guid, no date.</description>
  </item>
</channel>
</rss>`;

const atom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Zephyr &lt;i&gt;notes&lt;/i&gt;</title>
  <id>urn:uuid:feed</id>
  <updated>2026-03-10T12:00:00Z</updated>
  <author><name>Zephyr Team</name></author>
  <entry>
    <title>Open late</title>
    <id>urn:uuid:e1</id>
    <link rel="edit" href="https://zephyr.example/api/e1"/>
    <link rel="alternate" type="text/html" href="/posts/open-late"/>
    <published>2026-03-10T09:00:00+02:00</published>
    <updated>2026-03-10T11:00:00Z</updated>
    <author><name>Vera</name></author>
    <content type="html">&lt;p&gt;We are open &lt;em&gt;until midnight&lt;/em&gt;.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title type="text">5 &lt; 6, plain text</title>
    <id>urn:uuid:e2</id>
    <link href="https://zephyr.example/posts/math"/>
    <updated>2026-03-09T08:00:00Z</updated>
    <summary type="text">Text content keeps &lt;b&gt; as characters.</summary>
  </entry>
</feed>`;

const jsonFeed = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "Zephyr JSON",
  home_page_url: "https://zephyr.example/",
  authors: [{ name: "Zephyr Desk" }],
  items: [
    { id: "j1", url: "https://zephyr.example/j1", title: "HTML item", content_html: "<p>Hello <strong>JSON</strong></p><iframe src='https://evil.example'></iframe>", date_published: "2026-03-10T07:00:00Z", authors: [{ name: "Ira" }] },
    { id: "j2", content_text: "Plain <b>text</b> item", date_modified: "2026-03-09T07:00:00Z" },
    { id: "j3", summary: "Only a summary" },
  ],
});

/** LiveJournal's own RSS: items often without a title, HTML escaped in the description, LJ tags in it. */
const livejournal = `<?xml version='1.0' encoding='utf-8' ?>
<rss version='2.0' xmlns:lj='http://www.livejournal.org/rss/lj/1.0/' xmlns:atom10='http://www.w3.org/2005/Atom'>
<channel>
  <title>Дневник Темы</title>
  <link>https://tema.livejournal.com/</link>
  <description>Дневник Темы - LiveJournal.com</description>
  <lastBuildDate>Tue, 10 Mar 2026 10:05:00 GMT</lastBuildDate>
  <generator>LiveJournal / LiveJournal.com</generator>
  <lj:journal>tema</lj:journal>
  <lj:journaltype>personal</lj:journaltype>
  <atom10:link rel='self' href='https://tema.livejournal.com/data/rss'/>
<item>
  <guid isPermaLink='true'>https://tema.livejournal.com/12345.html</guid>
  <pubDate>Tue, 10 Mar 2026 10:00:00 GMT</pubDate>
  <link>https://tema.livejournal.com/12345.html</link>
  <description>Был в &lt;b&gt;Zephyrcafe&lt;/b&gt; с &lt;lj user=&quot;drugoi&quot;&gt;.&lt;br /&gt;&lt;lj-cut text=&quot;Читать дальше&quot;&gt;Кофе хороший, очередь огромная.&lt;/lj-cut&gt;&lt;lj-embed id=&quot;7&quot; /&gt;</description>
  <comments>https://tema.livejournal.com/12345.html</comments>
  <lj:music>тишина</lj:music>
  <lj:security>public</lj:security>
  <lj:reply-count>12</lj:reply-count>
</item>
<item>
  <guid isPermaLink='true'>https://tema.livejournal.com/12300.html</guid>
  <pubDate>Mon, 09 Mar 2026 21:00:00 GMT</pubDate>
  <title>Про кофе</title>
  <description>Короткая запись.</description>
  <category>кофе</category>
</item>
</channel>
</rss>`;

const rdf = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/"><title>Old site</title><link>https://old.example/</link><description>RSS 1.0</description></channel>
  <item rdf:about="https://old.example/1"><title>First</title><link>https://old.example/1</link><description>&lt;p&gt;Hi&lt;/p&gt;</description><dc:creator>Olga</dc:creator><dc:date>2026-03-01T10:00:00+03:00</dc:date></item>
</rdf:RDF>`;

const page = `<!DOCTYPE html>
<html><head><title>North Coffee</title>
<link rel="stylesheet" href="/main.css">
<link rel="alternate" type="application/rss+xml" title="Blog" href="/blog/feed.xml">
<link rel="alternate" type="application/atom+xml" href="https://north.example/atom.xml">
<link rel="alternate" hreflang="ru" href="/ru/">
</head><body><h1>Welcome</h1></body></html>`;

/** Windows-1251 bytes for ASCII and Cyrillic (А–я at 0xC0–0xFF, Ё 0xA8, ё 0xB8). */
function cp1251(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0)!;
      if (c < 0x80) return c;
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
      if (c === 0x401) return 0xa8;
      if (c === 0x451) return 0xb8;
      throw new Error(`no cp1251 byte for ${ch}`);
    }),
  );
}

describe("parseFeedDocument", () => {
  it("reads RSS 2.0: HTML in descriptions becomes text, scripts and styles go, content:encoded wins, only http(s) links stay", () => {
    const feed = parseFeedDocument(rss, { url: "https://north.example/blog/rss.xml" });
    expect(feed.title).toBe("North Coffee & Co — blog");
    expect(feed.items).toEqual([
      {
        id: "north-42",
        url: "https://north.example/blog/autumn",
        title: "Autumn menu is out",
        text: "Pumpkin latte & cinnamon buns.\nTry them at our cafés!\n\n<img src=x onerror=alert(1)> is just text here.",
        author: "Anna Press",
        publishedAt: "2026-03-10T07:00:00.000Z",
      },
      {
        // No guid, and a javascript: link is no link: the id is a hash of what the item says.
        id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        url: null,
        title: "Full text wins",
        text: "Full text\n\n• one\n• two",
        author: "Boris",
        publishedAt: "2026-03-09T15:30:00.000Z",
      },
      {
        id: expect.stringMatching(/^sha256:/),
        url: null,
        title: null,
        text: "No title, no link, no guid, no date.",
        author: null,
        publishedAt: null,
      },
    ]);
    // The same item gives the same id every time.
    expect(parseFeedDocument(rss, { url: "https://north.example/blog/rss.xml" }).items[2]!.id).toBe(feed.items[2]!.id);
  });

  it("reads Atom: html and text constructs, the alternate link, published before updated, the feed's author as fallback", () => {
    const feed = parseFeedDocument(atom, { url: "https://zephyr.example/feed.atom" });
    expect(feed.title).toBe("Zephyr notes");
    expect(feed.items).toEqual([
      { id: "urn:uuid:e1", url: "https://zephyr.example/posts/open-late", title: "Open late", text: "We are open until midnight.", author: "Vera", publishedAt: "2026-03-10T07:00:00.000Z" },
      { id: "urn:uuid:e2", url: "https://zephyr.example/posts/math", title: "5 < 6, plain text", text: "Text content keeps <b> as characters.", author: "Zephyr Team", publishedAt: "2026-03-09T08:00:00.000Z" },
    ]);
  });

  it("reads JSON Feed 1.1: content_html as text, content_text as it is, summary last, the feed's authors as fallback", () => {
    const feed = parseFeedDocument(Buffer.from(jsonFeed), { url: "https://zephyr.example/feed.json", contentType: "application/feed+json" });
    expect(feed.title).toBe("Zephyr JSON");
    expect(feed.items).toEqual([
      { id: "j1", url: "https://zephyr.example/j1", title: "HTML item", text: "Hello JSON", author: "Ira", publishedAt: "2026-03-10T07:00:00.000Z" },
      { id: "j2", url: null, title: null, text: "Plain <b>text</b> item", author: "Zephyr Desk", publishedAt: "2026-03-09T07:00:00.000Z" },
      { id: "j3", url: null, title: null, text: "Only a summary", author: "Zephyr Desk", publishedAt: null },
    ]);
  });

  it("reads LiveJournal's RSS: untitled entries, <lj user> as the name, lj-cut text kept, lj-embed dropped", () => {
    const feed = parseFeedDocument(livejournal, { url: "https://tema.livejournal.com/data/rss" });
    expect(feed.title).toBe("Дневник Темы");
    expect(feed.items).toEqual([
      {
        id: "https://tema.livejournal.com/12345.html",
        url: "https://tema.livejournal.com/12345.html",
        title: null,
        text: "Был в Zephyrcafe с drugoi.\nКофе хороший, очередь огромная.",
        author: null,
        publishedAt: "2026-03-10T10:00:00.000Z",
      },
      {
        // No <link>: the permalink guid is the address.
        id: "https://tema.livejournal.com/12300.html",
        url: "https://tema.livejournal.com/12300.html",
        title: "Про кофе",
        text: "Короткая запись.",
        author: null,
        publishedAt: "2026-03-09T21:00:00.000Z",
      },
    ]);
  });

  it("reads RDF (RSS 1.0) and a windows-1251 feed by its declaration or Content-Type", () => {
    expect(parseFeedDocument(rdf, { url: "https://old.example/rss" }).items).toEqual([
      { id: "https://old.example/1", url: "https://old.example/1", title: "First", text: "Hi", author: "Olga", publishedAt: "2026-03-01T07:00:00.000Z" },
    ]);
    const russian = `<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Новости</title><link>https://ru.example/</link><description>Всё о кофе</description><item><title>Ёлки и кофе</title><link>https://ru.example/1</link><description>Зефиркафе открылось</description></item></channel></rss>`;
    const declared = parseFeedDocument(cp1251(russian), { url: "https://ru.example/rss", contentType: "text/xml" });
    expect(declared.title).toBe("Новости");
    expect(declared.items[0]).toMatchObject({ title: "Ёлки и кофе", text: "Зефиркафе открылось" });
    const byHeader = parseFeedDocument(cp1251(russian.replace(' encoding="windows-1251"', "")), { url: "https://ru.example/rss", contentType: "application/rss+xml; charset=windows-1251" });
    expect(byHeader.items[0]!.title).toBe("Ёлки и кофе");
  });

  it("refuses a web page as not_a_feed, naming the feed the page links to", () => {
    const err = (() => {
      try {
        parseFeedDocument(page, { url: "https://north.example/", contentType: "text/html; charset=utf-8" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FeedError);
    expect(err).toMatchObject({ reason: "not_a_feed", alternates: ["https://north.example/blog/feed.xml", "https://north.example/atom.xml"] });
    expect((err as FeedError).message).toBe("https://north.example/ is a web page, not a feed. The page names its feed: https://north.example/blog/feed.xml — add that address instead.");
  });

  it("refuses a page without feed links and a document that is no feed, saying what to do", () => {
    expect(() => parseFeedDocument("<!doctype html><html><body>Hi</body></html>", { url: "https://plain.example/" })).toThrow(
      /^https:\/\/plain\.example\/ is a web page, not an RSS, Atom or JSON feed, and it names no feed\. Look on the site for the feed's address/,
    );
    expect(() => parseFeedDocument('{"hello":"world"}', { url: "https://api.example/x", contentType: "application/json" })).toThrow(
      "https://api.example/x does not answer with an RSS, Atom or JSON feed (application/json). Check the address: it should be the feed's, not the site's.",
    );
    expect(() => parseFeedDocument("<rss><channel><item><title>broken", { url: "https://broken.example/rss" })).toThrow(FeedError);
  });
});

describe("helpers", () => {
  it("htmlToPlainText drops markup and never lets it through as markup", () => {
    expect(htmlToPlainText("<p>a&nbsp;&amp;&lt;script&gt;</p><script>x()</script><p>b</p>")).toBe("a &<script>\n\nb");
    expect(htmlToPlainText("<div>one<br>two</div><noscript>n</noscript><svg><text>s</text></svg>")).toBe("one\ntwo");
    expect(htmlToPlainText("  spaced \n\n  out  ")).toBe("spaced out");
  });

  it("feedLinksIn finds alternate feed links only", () => {
    expect(feedLinksIn(page, "https://north.example/shop/")).toEqual(["https://north.example/blog/feed.xml", "https://north.example/atom.xml"]);
    expect(feedLinksIn('<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">', "https://x.example/")).toEqual([]);
  });

  it("isoDate reads RFC 822 and ISO dates, with zone names Date.parse does not know", () => {
    expect(isoDate("Tue, 10 Mar 2026 10:00:00 MSK")).toBe("2026-03-10T07:00:00.000Z");
    expect(isoDate("Tue, 10 Mar 2026 10:00:00 EST")).toBe("2026-03-10T15:00:00.000Z");
    expect(isoDate("2026-03-10")).toBe("2026-03-10T00:00:00.000Z");
    expect(isoDate("вчера")).toBeNull();
    expect(isoDate(undefined)).toBeNull();
  });

  it("decodeBody honours a byte-order mark and unknown charsets fall back to UTF-8", () => {
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("<rss/>")]), "text/xml; charset=windows-1251")).toBe("<rss/>");
    expect(decodeBody(Buffer.from("кофе"), "text/xml; charset=x-unknown")).toBe("кофе");
  });
});

describe("readFeed (with a stand-in for safeFetch)", () => {
  const answer = (over: Partial<SafeFetchResult>): SafeFetchResult => ({ url: "https://north.example/rss", status: 200, contentType: "application/rss+xml", headers: {}, body: Buffer.from(rss), ...over });
  const stub = (res: SafeFetchResult | Error) => {
    const calls: { url: string; opts: Parameters<typeof safeFetch>[1] }[] = [];
    const impl = (async (url: string, opts?: Parameters<typeof safeFetch>[1]) => {
      calls.push({ url, opts });
      if (res instanceof Error) throw res;
      return res;
    }) as typeof safeFetch;
    return { impl, calls };
  };

  it("sends the conditional headers and the limits, and reads the validators back", async () => {
    const { impl, calls } = stub(answer({ headers: { etag: 'W/"abc"', "last-modified": "Tue, 10 Mar 2026 10:00:00 GMT" } }));
    const feed = await readFeed("https://north.example/rss", { etag: 'W/"old"', lastModified: "Mon, 09 Mar 2026 10:00:00 GMT", timeoutMs: 1234, maxBytes: 5678, fetchImpl: impl });
    expect(calls[0]!.opts).toMatchObject({ allowPrivate: false, timeoutMs: 1234, maxBytes: 5678, headers: { "if-none-match": 'W/"old"', "if-modified-since": "Mon, 09 Mar 2026 10:00:00 GMT" } });
    expect(feed).toMatchObject({ status: "ok", etag: 'W/"abc"', lastModified: "Tue, 10 Mar 2026 10:00:00 GMT", title: "North Coffee & Co — blog" });
    expect(feed.items).toHaveLength(3);
  });

  it("answers not_modified to a 304, keeping the validators it had", async () => {
    const { impl } = stub(answer({ status: 304, body: Buffer.alloc(0) }));
    await expect(readFeed("https://north.example/rss", { etag: '"v1"', fetchImpl: impl })).resolves.toEqual({ status: "not_modified", etag: '"v1"', lastModified: null, title: null, items: [] });
    // A 304 to a request that asked nothing conditional is a broken server.
    await expect(readFeed("https://north.example/rss", { fetchImpl: impl })).rejects.toMatchObject({ reason: "http_status", status: 304 });
  });

  it("turns HTTP statuses and fetch refusals into FeedError reasons", async () => {
    await expect(readFeed("https://north.example/rss", { fetchImpl: stub(answer({ status: 404 })).impl })).rejects.toThrow(
      "https://north.example/rss answered HTTP 404: there is no feed at this address (any more). Check the address, or find the feed's new one on the site.",
    );
    await expect(readFeed("https://north.example/rss", { fetchImpl: stub(answer({ status: 503 })).impl })).rejects.toMatchObject({ reason: "http_status", status: 503, message: expect.stringMatching(/tries again later/) });
    const refusals: [SafeFetchError, string][] = [
      [new SafeFetchError("private_address", "10.0.0.5 resolves to a private address (10.0.0.5); …"), "private_address"],
      [new SafeFetchError("timeout", "north.example did not answer within 1 s."), "timeout"],
      [new SafeFetchError("too_large", "north.example sent more than 5 MB; Chorus stops reading there."), "too_large"],
      [new SafeFetchError("dns", "north.example could not be found (ENOTFOUND). Check the address."), "network"],
      [new SafeFetchError("scheme", "Chorus fetches only http:// and https:// addresses, not ftp://."), "invalid_url"],
    ];
    for (const [err, reason] of refusals) {
      await expect(readFeed("https://north.example/rss", { fetchImpl: stub(err).impl })).rejects.toMatchObject({ name: "FeedError", reason, cause: err });
    }
  });
});
