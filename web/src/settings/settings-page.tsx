/** Settings: profile and language, the brand's publishing settings, API tokens, and the audit log for those allowed to read it. */
import { useTranslation } from "react-i18next";
import { PageHeader } from "../common/page-header.js";
import { useShell } from "../shell/workspace.js";
import { FeedsSection } from "../planning/feeds-section.js";
import { LinksSection } from "../planning/links-section.js";
import { AuditSection } from "./audit-section.js";
import { BrandSettingsSection } from "./brand-settings-section.js";
import { ProfileSection } from "./profile-section.js";
import { TokensSection } from "./tokens-section.js";

export function SettingsPage() {
  const { t } = useTranslation();
  const { can } = useShell();
  return (
    <>
      <PageHeader title={t("settings.title")} />
      <div className="stack stack--lg">
        <ProfileSection />
        {can("brands.manage") ? <BrandSettingsSection /> : null}
        {can("posts.read") ? <FeedsSection /> : null}
        {can("analytics.read") ? <LinksSection /> : null}
        {can("tokens.manage") ? <TokensSection /> : null}
        {can("audit.read") ? <AuditSection /> : null}
      </div>
    </>
  );
}
