/** The tables of a brand's strategy (goal, KPIs, segments, content mix, frequency, budget) (see migration 019-strategy); part of Database in schema.ts. */

/** One current strategy per brand. */
export interface StrategiesTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  /** JSON: Strategy (src/domain/strategy.ts), checked by strategySchema before it is written. */
  data: string;
  created_by: string | null;
  created_at: string;
  updated_by: string | null;
  updated_at: string;
}

/** The community's state when a contract was signed; the newest per brand is in force. */
export interface StrategyContractsTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  signed_at: string;
  signed_by: string | null;
  note: string;
  /** Σ followers of the brand's channels at signing. */
  followers: number | null;
  /** Σ followers × live share of each channel's latest audit; null when no channel had an audit. */
  live_followers: number | null;
  /** ER over the 28 days before signing, as fractions. */
  er_reach: number | null;
  er_followers: number | null;
  /** JSON: ContractChannel[] (src/services/strategy/contract.service.ts). */
  channels: string;
  created_at: string;
}

/** A figure a person entered for a custom KPI on one day. */
export interface StrategyKpiProgressTable {
  id: string;
  workspace_id: string;
  brand_id: string;
  /** The KPI's id inside the strategy's JSON (not a row: KPIs live in strategies.data). */
  kpi: string;
  day: string;
  value: number;
  note: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface StrategyTables {
  strategies: StrategiesTable;
  strategy_contracts: StrategyContractsTable;
  strategy_kpi_progress: StrategyKpiProgressTable;
}
