/**
 * The public verification page of a giveaway (/g/:publicId, no sign-in): the commitment, the
 * frozen list with its hash, and after the draw the seed and the winners — recomputed here in the
 * visitor's browser (verify.ts, WebCrypto), which says "Verified" or what does not match. Texts
 * from the network (handles, the post) are shown as text, never as HTML.
 */
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { PublicCard } from "../auth/public-card.js";
import { formatDateTime } from "../common/format.js";
import { ErrorState, Loading } from "../common/states.js";
import { usePublicGiveaway } from "./queries.js";
import { type PublicGiveaway, withKeys } from "./types.js";
import { verifyInBrowser } from "./verify.js";
import "./giveaways.css";

export function PublicGiveawayPage() {
  const { t } = useTranslation();
  const { publicId = "" } = useParams();
  const data = usePublicGiveaway(publicId);
  return (
    <PublicCard wide>
      {data.isPending ? <Loading /> : data.isError ? (
        <>
          <h1>{t("giveaways.public.notFound")}</h1>
          <ErrorState error={data.error} />
        </>
      ) : (
        <PublicGiveawayView g={data.data} />
      )}
    </PublicCard>
  );
}

function Check({ ok, label }: { ok: boolean | null; label: string }) {
  return (
    <li className={ok === null ? "check check--pending" : ok ? "check check--ok" : "check check--bad"}>
      <span aria-hidden="true">{ok === null ? "…" : ok ? "✓" : "✗"}</span> {label}
    </li>
  );
}

function PublicGiveawayView({ g }: { g: PublicGiveaway }) {
  const { t } = useTranslation();
  const check = useQuery({ queryKey: ["giveaway-verify", g.commitment, g.seed, g.entrants.sha256], queryFn: () => verifyInBrowser(g), retry: false });
  const v = check.data;
  const drawn = g.status === "drawn";
  const out = g.entrants.all.filter((e) => !e.eligible);
  return (
    <div className="giveaway-public" data-testid="giveaway-public">
      <h1>{g.title}</h1>
      <p className="muted">
        {g.brand} · {g.networkName}
        {g.simulated ? ` (${t("giveaways.public.simulated")})` : ""}
      </p>
      <blockquote className="giveaway-post">{g.post.text}</blockquote>
      {check.isError ? <p className="field__error">{t("giveaways.public.noCrypto")}</p> : null}
      <div className={!v ? "giveaway-verdict" : v.ok ? "giveaway-verdict giveaway-verdict--ok" : "giveaway-verdict giveaway-verdict--bad"} data-testid="giveaway-verdict">
        {!v ? t("giveaways.public.checking") : !v.ok ? t("giveaways.public.mismatch") : drawn ? t("giveaways.public.verified") : t("giveaways.public.consistent")}
      </div>
      <ul className="giveaway-checks">
        <Check ok={v ? v.listHash && v.canonical : null} label={t("giveaways.public.checkList", { n: g.entrants.count })} />
        <Check ok={drawn ? (v?.commitment ?? null) : null} label={t("giveaways.public.checkSeed")} />
        <Check ok={drawn ? (v?.winners ?? null) : null} label={t("giveaways.public.checkWinners")} />
      </ul>
      {drawn && g.winners ? (
        <div className="giveaway-winners">
          <h2>{t("giveaways.winners")}</h2>
          <ol data-testid="giveaway-public-winners">
            {g.winners.map((w) => (
              <li key={w.entry}>
                <b>@{w.handle}</b> <span className="muted small">{w.entry}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p>{t("giveaways.public.notDrawn")}</p>
      )}
      <dl className="giveaway-proof">
        <dt>{t("giveaways.public.algorithm")}</dt>
        <dd>
          <code>{g.algorithm}</code>
        </dd>
        <dt>{t("giveaways.frozenAt")}</dt>
        <dd>{formatDateTime(g.frozenAt)}</dd>
        <dt>{t("giveaways.commitment")}</dt>
        <dd>
          <code>{g.commitment}</code>
        </dd>
        <dt>{t("giveaways.listHash", { n: g.entrants.count })}</dt>
        <dd>
          <code>{g.entrants.sha256}</code>
        </dd>
        <dt>{t("giveaways.seed")}</dt>
        <dd>{g.seed ? <code>{g.seed}</code> : t("giveaways.public.seedHidden")}</dd>
        {drawn && g.drawnAt ? (
          <>
            <dt>{t("giveaways.public.drawnAt")}</dt>
            <dd>{formatDateTime(g.drawnAt)}</dd>
          </>
        ) : null}
      </dl>
      <details>
        <summary>{t("giveaways.public.list", { n: g.entrants.count })}</summary>
        <pre className="giveaway-list">{g.entrants.canonical}</pre>
      </details>
      {out.length > 0 ? (
        <details>
          <summary>{t("giveaways.public.excluded", { n: out.length })}</summary>
          <ul>
            {withKeys(out).map((e) => (
              <li key={e.key}>
                @{e.handle} — {e.reasons.map((r) => t(`giveaways.reason.${r}`)).join(", ")}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="muted small">{t("giveaways.public.howTo")}</p>
    </div>
  );
}
