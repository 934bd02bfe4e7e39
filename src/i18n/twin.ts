// UI strings for the 3D twin, overview and briefing: [中文, English].
export const TWIN_MESSAGES = {
} as const satisfies Record<string, readonly [string, string]>;
