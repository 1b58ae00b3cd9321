/**
 * Reading configuration from the environment, validated at start: a missing or malformed
 * value stops the process with a message naming the variable, instead of failing later.
 */
export class ConfigError extends Error {}

export function envString(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '')
    throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

export function envInt(name: string, fallback?: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    if (fallback === undefined) throw new ConfigError(`environment variable ${name} is required`);
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value))
    throw new ConfigError(`environment variable ${name} must be an integer, got "${raw}"`);
  return value;
}

export function envBool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`environment variable ${name} must be true or false, got "${raw}"`);
}
