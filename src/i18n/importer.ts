// UI strings for importing datasets: [中文, English].
export const IMPORT_MESSAGES = {
} as const satisfies Record<string, readonly [string, string]>;
