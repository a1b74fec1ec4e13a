import { describe, expect, it } from 'vitest';
import { CommandError } from '../errors.ts';
import { deriveKeys, ScramConversation } from './scram.ts';

// RFC 7677 section 3: user "user", password "pencil", 4096 iterations.
const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
const clientFirst = 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO';
const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
const clientFinal = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
const serverFinal = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';

const conversation = (user: string | null = 'user', password = 'pencil') =>
  new ScramConversation(user, deriveKeys(password, salt, 4096), () => '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');

const failure = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err as CommandError;
  }
  throw new Error('expected a failure');
};

describe('SCRAM-SHA-256, server side', () => {
  it("replays RFC 7677's example exchange byte for byte", () => {
    const c = conversation();
    expect(c.start(clientFirst)).toBe(serverFirst);
    expect(c.finish(clientFinal)).toBe(serverFinal);
  });

  it('a proof made with another password fails with AuthenticationFailed (18)', () => {
    const c = conversation('user', 'pencil2');
    c.start(clientFirst);
    expect(failure(() => c.finish(clientFinal))).toMatchObject({ code: 18, codeName: 'AuthenticationFailed' });
  });

  it('an unknown user or another database gets a challenge, then fails like a wrong password', () => {
    const unknown = conversation('someone-else');
    expect(unknown.start(clientFirst)).toMatch(/^r=rOprNGfwEbeRWgbNEkqO.+,s=[^,]+,i=4096$/);
    expect(failure(() => unknown.finish(clientFinal)).code).toBe(18);
    const noAccount = conversation(null);
    noAccount.start(clientFirst);
    expect(failure(() => noAccount.finish(clientFinal)).code).toBe(18);
  });

  it('a changed nonce, a missing channel-binding header or a replayed final message fail', () => {
    const c = conversation();
    c.start(clientFirst);
    expect(failure(() => c.finish(clientFinal.replace('k0,p=', 'k1,p='))).code).toBe(18);
    const again = conversation();
    again.start(clientFirst);
    expect(again.finish(clientFinal)).toBe(serverFinal);
    expect(failure(() => again.finish(clientFinal)).code).toBe(18);
    expect(failure(() => conversation().start('n=user,r=abc')).code).toBe(2);
  });
});
