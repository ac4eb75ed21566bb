import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.ts';

/**
 * A wrong value stops the start with a Dutch message that names the variable and what it got (src/config.ts), but never a
 * password or a token: the message goes to the terminal and the log (review of session 14).
 */
describe('configuration errors', () => {
  const messageOf = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      return err.message;
    }
    assert.fail('the configuration was accepted');
  };

  for (const variable of ['DATABASE_URL', 'KLACHTWIJS_APP_DATABASE_URL', 'SMTP_URL']) {
    it(`a malformed ${variable} is named without its password`, () => {
      for (const [value, shown] of [
        ['postgress://klachtwijs_web:Geheim-w8woord@db.internal:5432/klachtwijs', 'postgress://klachtwijs_web:***@db.internal:5432/klachtwijs'],
        ['klachtwijs_web:Geheim-w8woord@db.internal/klachtwijs', 'klachtwijs_web:***@db.internal/klachtwijs'],
        ['http://u:Geheim@w8@woord@db.internal/k', 'http://u:***@db.internal/k'],
        ['host=db.internal user=u password=Geheim-w8woord', 'host=db.internal user=u password=***'],
        ["host=db.internal password='Geheim w8woord' user=u", 'host=db.internal password=*** user=u'],
      ]) {
        const message = messageOf({ DATABASE_URL: 'postgres://o@db/k', [variable]: value });
        assert.match(message, new RegExp(`${variable}: .*\\(gekregen: "${shown!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\)`));
        assert.ok(!/Geheim|w8woord/.test(message), message);
      }
    });
  }

  it('a token that is too short is not echoed at all', () => {
    const message = messageOf({ KLACHTWIJS_METRICS_TOKEN: 'kort-geheim' });
    assert.match(message, /KLACHTWIJS_METRICS_TOKEN: moet minstens 16 tekens lang zijn$/m);
    assert.ok(!message.includes('kort-geheim'));
  });

  it('other wrong values are still shown as given', () => {
    assert.match(messageOf({ PORT: 'tachtig' }), /PORT: moet een poortnummer zijn \(1–65535\) \(gekregen: "tachtig"\)/);
  });
});
