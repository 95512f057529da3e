/** The query editor's helpers: the query with its mistake pointed at, and a short guide to the syntax. */
import { useTranslation } from "react-i18next";

/**
 * The query as plain text with the mistake marked and a caret where it starts. Offsets are UTF-16
 * units, as the server counts them and as JavaScript slices strings.
 */
export function QueryEcho({ text, position, length }: { text: string; position: number; length: number }) {
  const { t } = useTranslation();
  const at = Math.min(Math.max(position, 0), text.length);
  const end = Math.min(at + Math.max(length, 1), text.length);
  const marked = text.slice(at, end);
  return (
    <>
      <span className="visually-hidden">{t("listening.queries.echoLabel", { position: at + 1 })}</span>
      <pre className="listen-echo" data-testid="query-echo">
        {text.slice(0, at)}
        {/* The caret: a red bar where the mistake starts (drawn by CSS). */}
        <span className="listen-echo__caret" aria-hidden="true" data-testid="query-caret" />
        {/* At the very end (an unclosed quote, a missing term) there is nothing to mark: a blank stands in. */}
        <mark className="listen-echo__mistake" data-testid="query-mistake">
          {marked || " "}
        </mark>
        {text.slice(end)}
      </pre>
    </>
  );
}

const syntax = ["words", "phrase", "prefix", "hashtag", "lang", "from", "site", "and", "or", "not", "group"] as const;

export function QuerySyntaxHelp() {
  const { t } = useTranslation();
  return (
    <details className="listen-help" data-testid="query-help">
      <summary>{t("listening.syntax.title")}</summary>
      <table className="table listen-help__table">
        <thead>
          <tr>
            <th>{t("listening.syntax.write")}</th>
            <th>{t("listening.syntax.meaning")}</th>
          </tr>
        </thead>
        <tbody>
          {syntax.map((k) => (
            <tr key={k}>
              <td>
                <code>{t(`listening.syntax.rows.${k}.example`)}</code>
              </td>
              <td>{t(`listening.syntax.rows.${k}.meaning`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small">{t("listening.syntax.examplesTitle")}</p>
      <ul className="listen-help__examples">
        {(["brand", "competitor", "complaints"] as const).map((k) => (
          <li key={k}>
            <code>{t(`listening.syntax.examples.${k}.query`)}</code> — <span className="muted">{t(`listening.syntax.examples.${k}.meaning`)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
