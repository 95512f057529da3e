/**
 * The brand's conversion webhook: its address, the secret (shown once, when made or replaced),
 * and copyable examples of signing a request with curl + openssl and with Node.js — the exact
 * scheme of docs/campaigns.md, with this brand's address and the campaign's utm_campaign filled in.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmButton, CopyButton } from "../common/buttons.js";
import { formatDateTime } from "../common/format.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { money } from "./format.js";
import { useCampaignActions, useHook, useUnattributed } from "./queries.js";

function curlExample(url: string, secret: string, slug: string): string {
  return [
    `SECRET='${secret}'`,
    `BODY='{"id":"order-1001","value":4990,"currency":"RUB","utm_source":"vk","utm_medium":"social","utm_campaign":"${slug}"}'`,
    "T=$(date +%s)",
    `SIG=$(printf '%s' "$T.$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
    `curl -sS -X POST '${url}' \\`,
    "  -H 'Content-Type: application/json' \\",
    '  -H "X-Chorus-Signature: t=$T,v1=$SIG" \\',
    '  --data "$BODY"',
  ].join("\n");
}

function nodeExample(url: string, slug: string): string {
  return [
    'import { createHmac } from "node:crypto";',
    "",
    "// The secret from Chorus, kept on the server (an environment variable), never in the page.",
    "const secret = process.env.CHORUS_WEBHOOK_SECRET;",
    `const body = JSON.stringify({ id: order.id, value: order.total, currency: "RUB", utm_campaign: order.utm_campaign ?? "${slug}" });`,
    "const t = Math.floor(Date.now() / 1000);",
    'const v1 = createHmac("sha256", secret).update(t + "." + body).digest("hex");',
    `await fetch("${url}", {`,
    '  method: "POST",',
    '  headers: { "content-type": "application/json", "x-chorus-signature": "t=" + t + ",v1=" + v1 },',
    "  body,",
    "});",
  ].join("\n");
}

export function WebhookPanel({ slug, manage }: { slug: string; manage: boolean }) {
  const { t } = useTranslation();
  const { workspace, brand } = useShell();
  const hook = useHook(workspace.id, brand.id);
  const unattributed = useUnattributed(workspace.id, brand.id);
  const { rotateSecret } = useCampaignActions(workspace.id);
  const [secret, setSecret] = useState<string | null>(null);
  const url = hook.data?.url ?? "";
  const rotate = () => rotateSecret.mutate(brand.id, { onSuccess: (r) => setSecret(r.secret) });
  const curl = curlExample(url, secret ?? "whsec_…", slug);
  const node = nodeExample(url, slug);
  return (
    <section className="stack campaign-hook" data-testid="campaign-webhook">
      <h3>{t("campaigns.hook.title")}</h3>
      <p className="muted">{t("campaigns.hook.text", { slug })}</p>
      <div className="campaign-copy-row">
        <label className="grow">
          {t("campaigns.hook.url")}
          <input readOnly value={url} data-testid="hook-url" onFocus={(e) => e.target.select()} />
        </label>
        <CopyButton text={url} />
      </div>
      {hook.data ? (
        <p className="muted small">
          {hook.data.configured ? t("campaigns.hook.created", { when: formatDateTime(hook.data.createdAt) }) : t("campaigns.hook.noSecret")}
          {hook.data.configured ? ` · ${hook.data.lastReceivedAt ? t("campaigns.hook.last", { when: formatDateTime(hook.data.lastReceivedAt) }) : t("campaigns.hook.never")}` : null}
        </p>
      ) : null}
      {secret ? (
        <div className="notice notice--warning stack stack--sm" data-testid="hook-secret-once">
          <p>{t("campaigns.hook.secretOnce")}</p>
          <div className="campaign-copy-row">
            <input readOnly value={secret} data-testid="hook-secret" onFocus={(e) => e.target.select()} className="grow mono" />
            <CopyButton text={secret} testId="hook-secret-copy" />
          </div>
        </div>
      ) : null}
      {manage ? (
        hook.data?.configured ? (
          <ConfirmButton label={t("campaigns.hook.rotate")} question={t("campaigns.hook.rotateQuestion")} onConfirm={rotate} busy={rotateSecret.isPending} testId="hook-rotate" />
        ) : (
          <button type="button" className="btn btn--primary" onClick={rotate} disabled={rotateSecret.isPending} data-testid="hook-create">
            {t("campaigns.hook.create")}
          </button>
        )
      ) : null}
      <FormError error={rotateSecret.error} />
      <p className="muted small">{t("campaigns.hook.docs")}</p>
      <details>
        <summary>{t("campaigns.hook.curl")}</summary>
        <pre className="campaign-code" data-testid="hook-curl">
          {curl}
        </pre>
        <CopyButton text={curl} />
      </details>
      <details>
        <summary>{t("campaigns.hook.node")}</summary>
        <pre className="campaign-code">{node}</pre>
        <CopyButton text={node} />
      </details>
      {unattributed.data?.items.length ? (
        <div className="stack stack--sm" data-testid="unattributed">
          <h4>{t("campaigns.unattributed.title")}</h4>
          <p className="muted small">{t("campaigns.unattributed.text")}</p>
          <ul>
            {unattributed.data.items.map((u) => (
              <li key={`${u.utmCampaign}:${u.currency}`}>
                {t("campaigns.unattributed.row", { utm: u.utmCampaign ?? t("campaigns.unattributed.none"), count: u.conversions, value: money(u.value, u.currency ?? "RUB", 2) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
