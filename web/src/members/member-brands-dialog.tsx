/** Changing the brands a member works with, from the members table. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldError, hasFieldErrors } from "../common/errors.js";
import { Modal } from "../common/modal.js";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import type { BrandScope, Member } from "../types.js";
import { BrandPicker } from "./brand-picker.js";
import { useChangeMember } from "./queries.js";

export function MemberBrandsDialog({ member, onClose }: { member: Member; onClose: () => void }) {
  const { t } = useTranslation();
  const { workspace, brand, brands } = useShell();
  const change = useChangeMember(workspace.id);
  const [scope, setScope] = useState<BrandScope>(member.brandIds);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ userId: member.userId, change: { brandIds: scope } }, { onSuccess: onClose });
  };
  return (
    <Modal title={t("members.brandsOf", { name: member.name || member.email })} onClose={onClose} testId="member-brands-dialog">
      <form className="stack" onSubmit={submit}>
        <BrandPicker
          label={t("members.brands")}
          value={scope}
          onChange={setScope}
          brands={brands}
          allowAll={workspace.brandIds === null}
          fallback={[brand.id]}
          hint={workspace.brandIds === null ? t("members.brandsHint") : t("members.limitedHint")}
          error={fieldError(change.error, "brandIds")}
          testId="member-brands-picker"
        />
        {hasFieldErrors(change.error, ["brandIds"]) ? null : <FormError error={change.error} testId="member-brands-error" />}
        <div className="form-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            className="btn btn--primary"
            disabled={change.isPending || (scope !== null && scope.length === 0)}
            data-testid="member-brands-save"
          >
            {t("common.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
