import { useEffect, useState } from 'preact/hooks';
import { ApiError, api } from '../api';
import type { Agent, ApiKeyRecord } from '../apiTypes';
import { Notice } from '../components';
import { useLocalization } from '../i18n';
import { formatInstant } from '../time';

type Message = { kind: 'info' | 'error'; text: string };

const emptyAgent = {
  id: '',
  name: '',
  email: '',
  role: 'agent' as Agent['role'],
  tiers: ['tier1'] as Agent['tiers'],
  entraTenantId: '',
  entraObjectId: '',
  active: true,
};
type AgentForm = typeof emptyAgent;

/** The text of an input or select event. */
const valueOf = (event: Event): string => (event.currentTarget as HTMLInputElement).value;

/**
 * Admin: the tenant's agents (GET/PUT /api/agents/{agentId}). Editing keeps what the form does not show (service
 * hours) and sends If-Match, so an admin never overwrites a change they did not see.
 */
export function AgentsAdmin({ onProblem }: { onProblem: (error: unknown) => string }) {
  const { t } = useLocalization();
  const [agents, setAgents] = useState<Agent[]>();
  const [form, setForm] = useState<AgentForm>(emptyAgent);
  const [message, setMessage] = useState<Message>();

  const load = (): Promise<void> =>
    api<{ agents: Agent[] }>('/api/agents').then(
      (answer) => setAgents(answer.body.agents),
      (failure: unknown) => setMessage({ kind: 'error', text: onProblem(failure) }),
    );
  useEffect(() => void load(), []);

  const edit = (agent: Agent): void =>
    setForm({
      id: agent.id,
      name: agent.name,
      email: agent.email,
      role: agent.role,
      tiers: agent.tiers,
      entraTenantId: agent.entra.tenantId,
      entraObjectId: agent.entra.objectId,
      active: agent.active,
    });
  const save = async (event: Event): Promise<void> => {
    event.preventDefault();
    const path = `/api/agents/${encodeURIComponent(form.id.trim())}`;
    try {
      const current = await api<Agent>(path).catch((failure: unknown) => {
        if (failure instanceof ApiError && failure.status === 404) return undefined;
        throw failure;
      });
      const kept = current?.body.serviceHours === undefined ? {} : { serviceHours: current.body.serviceHours };
      await api(path, {
        method: 'PUT',
        ifMatch: current?.etag,
        body: {
          ...kept,
          name: form.name,
          email: form.email,
          role: form.role,
          tiers: form.tiers,
          entra: { tenantId: form.entraTenantId.trim(), objectId: form.entraObjectId.trim() },
          active: form.active,
        },
      });
      setMessage({ kind: 'info', text: t('agentSaved', { name: form.name }) });
      setForm(emptyAgent);
      await load();
    } catch (failure) {
      const text =
        failure instanceof ApiError && failure.status === 412
          ? t('agentChanged')
          : t('failed', { detail: onProblem(failure) });
      setMessage({ kind: 'error', text });
      await load();
    }
  };
  const toggleTier = (tier: Agent['tiers'][number], on: boolean): void =>
    setForm({
      ...form,
      tiers: on ? [...form.tiers.filter((held) => held !== tier), tier] : form.tiers.filter((held) => held !== tier),
    });

  return (
    <>
      <h1>{t('agentsTitle')}</h1>
      <Notice kind={message?.kind ?? 'info'} text={message?.text} />
      {agents && (
        <table class="cases">
          <caption class="visually-hidden">{t('agentsTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agentId')}</th>
              <th scope="col">{t('agentName')}</th>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('tiers')}</th>
              <th scope="col">{t('active')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id} data-agent-id={agent.id}>
                <td>{agent.id}</td>
                <td>{agent.name}</td>
                <td>{agent.email}</td>
                <td>{agent.role}</td>
                <td>{agent.tiers.join(', ')}</td>
                <td>{agent.active ? t('yes') : t('no')}</td>
                <td>
                  <button type="button" onClick={() => edit(agent)} aria-label={t('editAgent', { name: agent.name })}>
                    {t('edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('agentForm')}</h2>
      <form class="corrections" onSubmit={(event) => void save(event)}>
        {(
          [
            ['id', t('agentId')],
            ['name', t('agentName')],
            ['email', t('email')],
            ['entraTenantId', t('entraTenantId')],
            ['entraObjectId', t('entraObjectId')],
          ] as const
        ).map(([field, label]) => (
          <div class="field" key={field}>
            <label for={`agent-${field}`}>{label}</label>
            <input
              id={`agent-${field}`}
              required
              value={form[field]}
              onInput={(event) => setForm({ ...form, [field]: valueOf(event) })}
            />
          </div>
        ))}
        <div class="field">
          <label for="agent-role">{t('role')}</label>
          <select
            id="agent-role"
            value={form.role}
            onChange={(event) => setForm({ ...form, role: valueOf(event) as Agent['role'] })}
          >
            <option value="agent">agent</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <fieldset>
          <legend>{t('tiers')}</legend>
          {(['tier1', 'tier2'] as const).map((tier) => (
            <label key={tier} class="inline">
              <input
                type="checkbox"
                checked={form.tiers.includes(tier)}
                onChange={(event) => toggleTier(tier, (event.currentTarget as HTMLInputElement).checked)}
              />
              {tier}
            </label>
          ))}
        </fieldset>
        <label class="inline">
          <input
            type="checkbox"
            checked={form.active}
            onChange={(event) => setForm({ ...form, active: (event.currentTarget as HTMLInputElement).checked })}
          />
          {t('active')}
        </label>
        <button type="submit">{t('saveAgent')}</button>
      </form>
    </>
  );
}

/** Admin: the tenant's API keys. A new key's secret is shown once, right after it was created; revoking asks first. */
export function KeysAdmin({ onProblem }: { onProblem: (error: unknown) => string }) {
  const { t, language } = useLocalization();
  const [keys, setKeys] = useState<ApiKeyRecord[]>();
  const [role, setRole] = useState<ApiKeyRecord['role']>('portal');
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<{ keyId: string; secret: string }>();
  const [message, setMessage] = useState<Message>();

  const load = (): Promise<void> =>
    api<{ items: ApiKeyRecord[] }>('/api/keys').then(
      (answer) => setKeys(answer.body.items),
      (failure: unknown) => setMessage({ kind: 'error', text: onProblem(failure) }),
    );
  useEffect(() => void load(), []);

  const create = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      const body = label.trim() ? { role, label: label.trim() } : { role };
      const answer = await api<ApiKeyRecord & { secret: string }>('/api/keys', { method: 'POST', body });
      setSecret({ keyId: answer.body.keyId, secret: answer.body.secret });
      setLabel('');
      setMessage(undefined);
      await load();
    } catch (failure) {
      setMessage({ kind: 'error', text: t('failed', { detail: onProblem(failure) }) });
    }
  };
  const revoke = async (key: ApiKeyRecord): Promise<void> => {
    if (!confirm(t('revokeConfirm', { key: key.label ?? key.keyId }))) return;
    try {
      await api(`/api/keys/${encodeURIComponent(key.keyId)}`, { method: 'DELETE' });
      setMessage({ kind: 'info', text: t('keyRevoked', { key: key.label ?? key.keyId }) });
      if (secret?.keyId === key.keyId) setSecret(undefined);
      await load();
    } catch (failure) {
      setMessage({ kind: 'error', text: t('failed', { detail: onProblem(failure) }) });
    }
  };

  return (
    <>
      <h1>{t('keysTitle')}</h1>
      <Notice kind={message?.kind ?? 'info'} text={message?.text} />
      {secret && (
        <div class="secret" role="status">
          <p>{t('secretOnce')}</p>
          <code data-secret>{secret.secret}</code>
        </div>
      )}
      <form class="corrections" onSubmit={(event) => void create(event)}>
        <div class="field">
          <label for="key-role">{t('role')}</label>
          <select id="key-role" value={role} onChange={(event) => setRole(valueOf(event) as ApiKeyRecord['role'])}>
            <option value="portal">portal</option>
            <option value="agent">agent</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <div class="field">
          <label for="key-label">{t('keyLabel')}</label>
          <input id="key-label" value={label} onInput={(event) => setLabel(valueOf(event))} />
        </div>
        <button type="submit">{t('createKey')}</button>
      </form>
      {keys && (
        <table class="cases">
          <caption class="visually-hidden">{t('keysTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('keyId')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('keyLabel')}</th>
              <th scope="col">{t('created')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.keyId} data-key-id={key.keyId}>
                <td>{key.keyId}</td>
                <td>{key.role}</td>
                <td>{key.label ?? ''}</td>
                <td>{formatInstant(key.createdAt, language)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void revoke(key)}
                    aria-label={t('revokeKey', { key: key.label ?? key.keyId })}
                  >
                    {t('revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
