// UI strings for siting studio and scenarios: [中文, English].
export const SITING_MESSAGES = {
} as const satisfies Record<string, readonly [string, string]>;
