/** Display names for reference ids, for pages, reports and exports outside the domain's own emails. */
import { councilByCode, seniorityById, skillById } from '../reference';

export const councilNameOf = (code: string) => councilByCode.get(code)?.name ?? code;
export const seniorityNameOf = (id: string) => seniorityById.get(id)?.name ?? id;
export const skillNameOf = (id: string) => skillById.get(id)?.name ?? id;
