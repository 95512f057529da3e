/** "Connect channel": pick a network, fill in its fields, and see the server's answer per field. */
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { hasFieldErrors } from "../common/errors.js";
import { Field } from "../common/field.js";
import { Modal } from "../common/modal.js";
import { ErrorState, FormError, Loading } from "../common/states.js";
import type { Network } from "../types.js";
import { type FieldValues, initialValues, NetworkFields, toPayload } from "./network-fields.js";
import { useConnectChannel, useNetworks } from "./queries.js";

type Props = { workspaceId: string; brandId: string; onClose: () => void };

function ConnectForm({ networks, workspaceId, brandId, onClose }: Props & { networks: Network[] }) {
  const { t } = useTranslation();
  const connect = useConnectChannel(workspaceId, brandId);
  const [networkName, setNetworkName] = useState(networks[0]?.network ?? "");
  const network = networks.find((n) => n.network === networkName);
  const [values, setValues] = useState<FieldValues>(() => (network ? initialValues(network) : {}));

  const choose = (name: string) => {
    const n = networks.find((x) => x.network === name);
    setNetworkName(name);
    setValues(n ? initialValues(n) : {});
    connect.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!network) return;
    connect.mutate({ network: network.network, fields: toPayload(network, values) }, { onSuccess: onClose });
  };
  const fieldPaths = network?.fields.map((f) => `fields.${f.name}`) ?? [];

  return (
    <form className="stack" onSubmit={submit} data-testid="connect-form" noValidate>
      <Field label={t("channels.network")}>
        {(id) => (
          <select
            id={id}
            className="select"
            value={networkName}
            onChange={(e) => choose(e.target.value)}
            data-testid="connect-network"
          >
            {networks.map((n) => (
              <option key={n.network} value={n.network}>
                {n.displayName}
              </option>
            ))}
          </select>
        )}
      </Field>
      {network?.simulated ? <p className="notice notice--sandbox">{t("channels.sandboxHint")}</p> : null}
      {network ? <NetworkFields network={network} values={values} onChange={setValues} error={connect.error} /> : null}
      {hasFieldErrors(connect.error, fieldPaths) ? null : <FormError error={connect.error} testId="connect-error" />}
      <div className="form-actions">
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn--primary" disabled={connect.isPending || !network} data-testid="connect-submit">
          {connect.isPending ? t("channels.submitting") : t("channels.submit")}
        </button>
      </div>
    </form>
  );
}

export function ConnectDialog(props: Props) {
  const { t } = useTranslation();
  const networks = useNetworks();
  return (
    <Modal title={t("channels.dialogTitle")} onClose={props.onClose} testId="connect-dialog">
      {networks.isPending ? (
        <Loading />
      ) : networks.isError ? (
        <ErrorState error={networks.error} onRetry={() => void networks.refetch()} />
      ) : (
        <ConnectForm {...props} networks={networks.data.items} />
      )}
    </Modal>
  );
}
