import type { ApiKeyRole } from '../../shared/domain/apiKey';
import {
  actorFor,
  can,
  lifecycleActorFor,
  permissionNames,
  refusalFor,
  rolesWith,
  type Permission,
} from '../../shared/domain/permissions';

/** The roles of the issue, written out by hand: who may do what. */
const expected: Record<Permission, ApiKeyRole[]> = {
  'cases:create': ['portal', 'agent', 'admin'],
  'cases:read': ['portal', 'agent', 'admin'],
  'cases:readInternal': ['agent', 'admin'],
  'cases:transition': ['portal', 'agent', 'admin'],
  'cases:replyAsAgent': ['agent', 'admin'],
  'cases:replyAsCustomer': ['portal'],
  'cases:addNote': ['agent', 'admin'],
  'cases:update': ['agent', 'admin'],
  'escalations:request': ['agent', 'admin'],
  'escalations:update': ['agent', 'admin'],
  'escalations:read': ['agent', 'admin'],
  'offering:readPublic': ['portal', 'agent', 'admin'],
  'offering:read': ['agent', 'admin'],
  'offering:manage': ['admin'],
  'triageRules:read': ['agent', 'admin'],
  'triageRules:manage': ['admin'],
  'customers:read': ['agent', 'admin'],
  'customers:manage': ['admin'],
  'keys:manage': ['admin'],
  'agents:read': ['agent', 'admin'],
  'agents:manage': ['admin'],
  'contacts:erase': ['admin'],
  'billing:read': ['admin'],
};
const roles: ApiKeyRole[] = ['portal', 'agent', 'admin'];

describe('the permission table', () => {
  it('given every permission, when asked which roles hold it, then it matches the roles of the issue exactly', () => {
    expect(Object.fromEntries(permissionNames.map((permission) => [permission, rolesWith(permission)]))).toEqual(
      expected,
    );
  });

  it('given every role and permission, when can() is asked, then it answers as the table does', () => {
    const granted = (role: ApiKeyRole): Permission[] => permissionNames.filter((permission) => can(role, permission));
    for (const role of roles) {
      expect(granted(role)).toEqual(permissionNames.filter((permission) => expected[permission].includes(role)));
    }
  });

  it('given an admin, when compared with an agent, then the admin may do everything an agent may', () => {
    const agentWork = permissionNames.filter((permission) => can('agent', permission));
    expect(agentWork.filter((permission) => !can('admin', permission))).toEqual([]);
  });

  it('given a portal, when it asks for anything internal, then it is refused', () => {
    const internal: Permission[] = [
      'cases:readInternal',
      'cases:addNote',
      'cases:update',
      'escalations:read',
      'keys:manage',
      'offering:read',
    ];
    expect(internal.filter((permission) => can('portal', permission))).toEqual([]);
  });

  it('given a refusal, when it is worded, then it names the role and what it may not do', () => {
    expect(refusalFor('portal', 'cases:addNote')).toBe('A portal key may not add internal notes.');
  });

  it('given a role that starts with a vowel, when its refusal is worded, then it reads "An agent key"', () => {
    expect(refusalFor('agent', 'keys:manage')).toMatch(/^An agent key may not /);
  });
});

describe('who acts', () => {
  it('given a portal key, when it moves a case, then it moves it as the customer; agents and admins as support staff', () => {
    expect(roles.map(lifecycleActorFor)).toEqual(['customer', 'agent', 'agent']);
  });

  it('given a principal, when named on the timeline, then the actor is its role and key id', () => {
    expect(actorFor({ tenantId: 't', role: 'agent', keyId: 'key-1' })).toEqual({ kind: 'agent', id: 'key-1' });
  });
});
