export * from "./candidates.service.js";
export * from "./deps.js";
export * from "./find.js";
export * from "./leaders.service.js";
export * from "./placements.service.js";
export * from "./results.js";
