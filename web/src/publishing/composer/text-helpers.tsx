/**
 * Above the base text: "Insert template" (rendered for the brand by the server, with the problems
 * it found — an unknown {variable} stays in the text and is named) and "Hashtags" (a group's tags
 * appended). Both add to the text; nothing typed is replaced.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { FormError } from "../../common/states.js";
import { renderTemplate, useHashtagGroups, useTemplates } from "../../planning/queries.js";
import type { RenderResult } from "../../planning/types.js";
import { TemplateProblems } from "../../common/template-problems.js";

type Props = { workspaceId: string; brandId: string; base: string; link: string | null; onInsert: (text: string) => void };

/** Adds a block to the text: after a blank line when the text does not end with one. */
export function appendBlock(text: string, block: string, separator = "\n\n"): string {
  if (!text.trim()) return block;
  if (text.endsWith(separator)) return text + block;
  return `${text.replace(/\s+$/, "")}${separator}${block}`;
}

export function TextHelpers({ workspaceId, brandId, base, link, onInsert }: Props) {
  const { t } = useTranslation();
  const templates = useTemplates(workspaceId, brandId);
  const groups = useHashtagGroups(workspaceId, brandId);
  const [templateId, setTemplateId] = useState("");
  const [groupId, setGroupId] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<RenderResult["problems"]>([]);

  const insertTemplate = async () => {
    if (!templateId) return;
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      const out = await renderTemplate(workspaceId, templateId, { brandId, ...(link ? { link } : {}) });
      onInsert(out.text);
      setProblems(out.problems);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const insertTags = () => {
    const g = groups.data?.items.find((x) => x.id === groupId);
    if (!g) return;
    onInsert(g.tags.map((tag) => (tag.startsWith("#") ? tag : `#${tag}`)).join(" "));
  };
  const templateItems = templates.data?.items ?? [];
  const groupItems = groups.data?.items ?? [];

  return (
    <div className="text-helpers stack stack--sm" data-testid="text-helpers">
      <div className="text-helpers__row">
        <select
          className="select select--compact"
          value={templateId}
          onChange={(e) => setTemplateId(e.target.value)}
          aria-label={t("composer.template")}
          data-testid="template-select"
          disabled={templateItems.length === 0}
        >
          <option value="">{templateItems.length ? t("composer.chooseTemplate") : t("composer.noTemplates")}</option>
          {templateItems.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {tpl.name}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn--secondary btn--small" disabled={!templateId || busy} onClick={() => void insertTemplate()} data-testid="template-insert">
          {t("composer.insertTemplate")}
        </button>
        <select
          className="select select--compact"
          value={groupId}
          onChange={(e) => setGroupId(e.target.value)}
          aria-label={t("composer.hashtags")}
          data-testid="hashtag-select"
          disabled={groupItems.length === 0}
        >
          <option value="">{groupItems.length ? t("composer.chooseHashtags") : t("composer.noHashtags")}</option>
          {groupItems.map((g) => (
            <option key={g.id} value={g.id}>
              {g.name} ({g.tags.length})
            </option>
          ))}
        </select>
        <button type="button" className="btn btn--secondary btn--small" disabled={!groupId} onClick={insertTags} data-testid="hashtag-insert">
          {t("composer.addHashtags")}
        </button>
        <Link to={`${base}/templates`} className="small">
          {t("composer.manageTemplates")}
        </Link>
      </div>
      <FormError error={error} testId="template-error" />
      <TemplateProblems problems={problems} title={t("composer.templateProblems")} testId="template-problems" />
    </div>
  );
}
