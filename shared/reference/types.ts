export interface CouncilRow {
  /** GSS code: the stable key. */
  code: string;
  registerCode: string;
  name: string;
  officialName: string;
  nation: string;
  region: string;
  type: string;
}
export interface RegionRow {
  name: string;
  nation: string;
  neighbours: string[];
}
export interface SeniorityRow {
  id: string;
  name: string;
  level: number;
  description: string;
}
export interface SkillRow {
  id: string;
  name: string;
  group: string;
  description: string;
}
