import type { Agent } from '../../../shared/domain/agent';
import { defaultSupportOffering } from '../../../shared/domain/offering';
import { roundRobinAssignee } from '../../../shared/domain/roundRobin';
import { supportCaseFixture } from '../caseWork/supportCaseFixture';

/** Monday 2 March 2026, 10:00 in Berlin: within the default offering's service hours (Mon-Fri 08:00-18:00). */
const mondayMorning = new Date('2026-03-02T09:00:00Z');
/** The same Monday, 20:00 in Berlin: after them. */
const mondayEvening = new Date('2026-03-02T19:00:00Z');

function agent(id: string, overrides: Partial<Agent> = {}): Agent {
  return {
    id,
    tenantId: 'contoso-partner',
    name: `Agent ${id}`,
    email: `${id}@partner.example`,
    role: 'agent',
    entra: {
      tenantId: '11111111-1111-1111-1111-111111111111',
      objectId: `00000000-0000-0000-0000-00000000000${id.length}`,
    },
    tiers: ['tier1'],
    active: true,
    updatedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

const tier1Case = supportCaseFixture({ tier: 'tier1' });
const pick = (agents: Agent[], previous?: string, now = mondayMorning) =>
  roundRobinAssignee(tier1Case, agents, { offering: defaultSupportOffering(), now, previous })?.id;

describe('round robin among the agents of a case tier', () => {
  const team = [agent('lee'), agent('kim'), agent('max')];

  it('given nobody got a case yet, then the first agent by id', () => {
    expect(pick(team)).toBe('kim');
  });

  it('given the previous case went to kim, then lee, then max, then kim again', () => {
    expect([pick(team, 'kim'), pick(team, 'lee'), pick(team, 'max')]).toEqual(['lee', 'max', 'kim']);
  });

  it('given the previous agent left the team, then the next one after their id', () => {
    expect(pick(team, 'lena')).toBe('max');
  });

  it('given inactive agents and agents of another tier, then they are skipped', () => {
    expect(pick([agent('kim', { active: false }), agent('lee', { tiers: ['tier2'] }), agent('max')])).toBe('max');
  });

  it('given the evening, then only agents whose own service hours run then; nobody when none does', () => {
    const nightShift = agent('night', {
      serviceHours: { timeZone: 'Europe/Berlin', weekly: [], holidays: [], alwaysOpen: true },
    });
    expect(pick([...team, nightShift], undefined, mondayEvening)).toBe('night');
    expect(pick(team, undefined, mondayEvening)).toBeUndefined();
  });

  it('given a case at Microsoft, then the agents of tier 2 take it', () => {
    const atMicrosoft = supportCaseFixture({ tier: 'microsoft' });
    const agents = [agent('kim'), agent('sam', { tiers: ['tier2'] })];
    expect(
      roundRobinAssignee(atMicrosoft, agents, { offering: defaultSupportOffering(), now: mondayMorning })?.id,
    ).toBe('sam');
  });
});
