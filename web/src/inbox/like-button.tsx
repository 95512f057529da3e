/** Like the comment as the brand's account, where the channel's network allows it; once liked it says so. */
import { useTranslation } from "react-i18next";
import { FormError } from "../common/states.js";
import { useShell } from "../shell/workspace.js";
import { useLike } from "./work-queries.js";

export function LikeButton({ itemId, likedAt }: { itemId: string; likedAt: string | null | undefined }) {
  const { t } = useTranslation();
  const { workspace } = useShell();
  const like = useLike(workspace.id, itemId);
  const liked = Boolean(likedAt) || like.isSuccess;
  return (
    <div className="inbox-controls__group">
      <button
        type="button"
        className={liked ? "btn btn--small btn--secondary is-active" : "btn btn--small btn--secondary"}
        aria-pressed={liked}
        disabled={liked || like.isPending}
        onClick={() => like.mutate()}
        title={t("inbox.like.hint")}
        data-testid="inbox-like"
      >
        {liked ? t("inbox.like.done") : like.isPending ? t("inbox.like.pending") : t("inbox.like.action")}
      </button>
      <FormError error={like.error} testId="inbox-like-error" />
    </div>
  );
}
