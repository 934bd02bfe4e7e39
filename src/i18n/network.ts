// UI strings for network edits in scenarios: [中文, English].
export const NETWORK_MESSAGES = {
} as const satisfies Record<string, readonly [string, string]>;
