/**
 * A user task's candidate group names the authority whose caseworkers work it, and
 * optionally the one office of that authority that is competent for the case:
 * `ABH` (any immigration office caseworker) or `ABH/DE-SN-DRESDEN` (that office only).
 * The office comes from the decision table `abh-competence` (processes/shared/).
 */
export function groupAuthority(group: string): string {
  const slash = group.indexOf('/');
  return slash < 0 ? group : group.slice(0, slash);
}

export function groupOffice(group: string): string | undefined {
  const slash = group.indexOf('/');
  // `ABH/` (the decision table found no office yet): any office of the authority.
  return slash < 0 || slash === group.length - 1 ? undefined : group.slice(slash + 1);
}

/**
 * Whether a caseworker of `authority` (and, if the token names one, of `office`) works tasks
 * of this group: the authority must match; an office-bound group needs the same office,
 * unless the caseworker is not bound to an office (the authority's central pool).
 */
export function worksGroup(
  who: { authority?: string | undefined; office?: string | undefined },
  group: string,
): boolean {
  if (who.authority === undefined || groupAuthority(group) !== who.authority) return false;
  const office = groupOffice(group);
  return office === undefined || who.office === undefined || who.office === office;
}
