/** Templates & hashtags: reusable texts, hashtag groups and the brand's variables the templates fill in. */
import { useTranslation } from "react-i18next";
import { PageHeader } from "../common/page-header.js";
import { HashtagsSection } from "./hashtags-section.js";
import { TemplatesSection } from "./templates-section.js";
import { VariablesSection } from "./variables-section.js";

export function TemplatesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("planning.templatesTitle")} subtitle={t("planning.templatesSubtitle")} />
      <div className="stack stack--lg">
        <TemplatesSection />
        <VariablesSection />
        <HashtagsSection />
      </div>
    </>
  );
}
