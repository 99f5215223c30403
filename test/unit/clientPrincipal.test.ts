import { DeskError } from '../../shared/errors';
import { encodeClientPrincipal, signedInUserOf, type ClientPrincipal } from '../../shared/http/clientPrincipal';

const tenantId = '4D1E7A2C-6B3F-4C8E-9A1D-2F5B7C9E0A11';
const objectId = '0b6e2f41-8c3d-4a57-9e12-6f4d8a2b7c01';

/** What App Service sends for a Microsoft Entra sign-in (claims abridged). */
const entraPrincipal: ClientPrincipal = {
  auth_typ: 'aad',
  name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name',
  role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  claims: [
    { typ: 'aud', val: '11111111-2222-4333-8444-555555555555' },
    { typ: 'http://schemas.microsoft.com/identity/claims/tenantid', val: tenantId },
    { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: objectId },
    { typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', val: 'kim@contoso.example' },
  ],
};

const headersOf = (values: Record<string, string>): Headers => new Headers(values);

/** The 401 the parse throws; fails the test when it throws something else or nothing. */
function refusal(values: Record<string, string>): DeskError {
  try {
    signedInUserOf(headersOf(values));
  } catch (error) {
    if (error instanceof DeskError) return error;
    throw error;
  }
  throw new Error('the header was accepted');
}

describe('reading the App Service client principal', () => {
  it('given no principal header, when read, then nobody is signed in', () => {
    expect(signedInUserOf(headersOf({ 'x-ms-client-principal-name': 'kim@contoso.example' }))).toBeUndefined();
  });

  it('given an Entra principal with the long claim names, when read, then tenant and object id come back lowercase with the platform name', () => {
    const user = signedInUserOf(
      headersOf({
        'x-ms-client-principal': encodeClientPrincipal(entraPrincipal),
        'x-ms-client-principal-name': 'Kim@Contoso.example',
      }),
    );
    expect(user).toEqual({
      identity: { tenantId: tenantId.toLowerCase(), objectId },
      displayName: 'Kim@Contoso.example',
    });
  });

  it('given the short tid and oid claims and no name header, when read, then they identify the user, named by the name_typ claim', () => {
    const principal: ClientPrincipal = {
      ...entraPrincipal,
      claims: [
        { typ: 'tid', val: tenantId },
        { typ: 'oid', val: objectId },
        { typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name', val: 'kim@contoso.example' },
      ],
    };
    const user = signedInUserOf(headersOf({ 'x-ms-client-principal': encodeClientPrincipal(principal) }));
    expect(user?.identity).toEqual({ tenantId: tenantId.toLowerCase(), objectId });
    expect(user?.displayName).toBe('kim@contoso.example');
  });

  it.each([
    ['not base64', '%%%not base64%%%'],
    ['base64 of no JSON', Buffer.from('{"auth_typ": "aad", claims').toString('base64')],
    ['JSON of another shape', Buffer.from(JSON.stringify({ auth_typ: 'aad', claims: 'none' })).toString('base64')],
    ['JSON that is not an object', Buffer.from('42').toString('base64')],
    [
      'no object id',
      encodeClientPrincipal({
        ...entraPrincipal,
        claims: entraPrincipal.claims.filter((c) => !c.typ.endsWith('objectidentifier')),
      }),
    ],
    [
      'a tenant id that is no GUID',
      encodeClientPrincipal({
        ...entraPrincipal,
        claims: [
          { typ: 'tid', val: 'contoso' },
          { typ: 'oid', val: objectId },
        ],
      }),
    ],
    ['another identity provider', encodeClientPrincipal({ ...entraPrincipal, auth_typ: 'github' })],
  ])('given a principal header with %s, when read, then it is a 401 (never a 500)', (_case, header) => {
    const error = refusal({ 'x-ms-client-principal': header });
    expect(error.kind).toBe('unauthenticated');
  });

  it('given a principal header far longer than any the platform sends, when read, then it is a 401 without decoding it', () => {
    expect(refusal({ 'x-ms-client-principal': 'A'.repeat(70_000) }).kind).toBe('unauthenticated');
  });
});
