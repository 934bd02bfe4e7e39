// UI strings for errors, validation and the error boundary: [中文, English].
export const ERROR_MESSAGES = {
} as const satisfies Record<string, readonly [string, string]>;
