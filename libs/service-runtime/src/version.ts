/** The Ferry release every service reports (kept in step with the root package.json). */
export const FERRY_VERSION = '0.1.0';
