/**
 * The partner systems the workers call: the one list. Each has its base URL in
 * `PARTNER_<NAME>_URL` (`config.ts` `partnerUrl`); locally and in docker-compose.yml that is its
 * simulator, under `/<name>` on SIMULATORS_PORT (`simulators/server.ts`). A new partner is added
 * here: the compiler then asks for its simulator, the workers get its URL
 * (`workers/registry.ts` `PartnerUrls`), the local stack sets its variable
 * (`scripts/stack/profiles.ts`), and a deployment test asks for it in docker-compose.yml.
 */
export const PARTNERS = ['ba', 'recognition', 'mission', 'bva', 'azr', 'eat'] as const;

export type Partner = (typeof PARTNERS)[number];

/** The environment variable with a partner's base URL, e.g. `PARTNER_BA_URL`. */
export function partnerUrlVariable(partner: Partner): string {
  return `PARTNER_${partner.toUpperCase()}_URL`;
}

/** A value for every partner, in the list's order. */
export function perPartner<T>(value: (partner: Partner) => T): Record<Partner, T> {
  return Object.fromEntries(PARTNERS.map((p) => [p, value(p)])) as Record<Partner, T>;
}
