/**
 * A real IMAP server (Debian's dovecot-imapd) for tests, started and stopped by the tests themselves.
 *
 * `startDovecot()` writes its own dovecot.conf into a fresh temporary folder (listen on 127.0.0.1 at a free port,
 * plaintext log-in allowed, one passwd-file user, a maildir, base_dir and state in the folder, log to a file),
 * runs `/usr/sbin/dovecot -F -c <conf>` as a child process and is ready when the port answers with a greeting.
 * `deliver(raw)` APPENDs a message to the INBOX through imapflow, as a mail server's delivery would.
 *
 * As root (CI and this machine) dovecot runs its login and internal processes as its own users and the mailbox as
 * the `dovecot` OS user; as a normal user everything runs as that user. Missing dovecot is an error, never a skip.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export interface DovecotServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** APPENDs one raw message (RFC 5322) to the INBOX; resolves with its UID. */
  deliver(rawEml: string | Buffer, folder?: string): Promise<number>;
  /** The server's log so far (for a failing test's message). */
  log(): Promise<string>;
  /** Stops the server and removes its folder. Safe to call twice. */
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';
export const DOVECOT_MISSING = 'dovecot-imapd is niet geïnstalleerd: apt-get install dovecot-imapd';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\n')) done(data.startsWith('* OK'));
    });
    socket.on('error', () => done(false));
  });
}

function osIds(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startDovecot(): Promise<DovecotServer> {
  if (!existsSync(DOVECOT)) throw new Error(DOVECOT_MISSING);
  const dir = await mkdtemp(join(tmpdir(), 'klachtwijs-dovecot-'));
  const port = await freePort();
  const user = 'klachten';
  const password = randomBytes(12).toString('hex');
  const asRoot = process.getuid?.() === 0;
  const me = userInfo();
  const mailIds = asRoot ? osIds('dovecot') : { uid: me.uid, gid: me.gid };
  await chmod(dir, 0o755); // dovecot's auth and mail processes run as other users and must reach the folder
  const mail = join(dir, 'mail');
  await mkdir(join(mail, user), { recursive: true });
  await mkdir(join(dir, 'run'), { recursive: true });
  await mkdir(join(dir, 'state'), { recursive: true });
  if (asRoot) {
    await chown(mail, mailIds.uid, mailIds.gid);
    await chown(join(mail, user), mailIds.uid, mailIds.gid);
  }
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${mailIds.uid}:${mailIds.gid}::${join(mail, user)}\n`, { mode: 0o644 });
  const conf = [
    `base_dir = ${join(dir, 'run')}`,
    `state_dir = ${join(dir, 'state')}`,
    `instance_name = klachtwijs-test-${port}`,
    'protocols = imap',
    'listen = 127.0.0.1',
    `log_path = ${join(dir, 'dovecot.log')}`,
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    'auth_failure_delay = 0', // a test of a wrong password must not slow down the next log-in
    `first_valid_uid = ${Math.min(mailIds.uid, 1)}`,
    `default_internal_user = ${asRoot ? 'dovecot' : me.username}`,
    `default_login_user = ${asRoot ? 'dovenull' : me.username}`,
    ...(asRoot ? [] : [`default_internal_group = ${me.username}`]),
    'mail_location = maildir:~/Maildir',
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN ${join(dir, 'passwd')}\n}`,
    `userdb {\n  driver = passwd-file\n  args = ${join(dir, 'passwd')}\n}`,
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    // No auth penalty: after a refused log-in dovecot's anvil makes the next log-in from that IP wait 2-15 s (a test of a
    // wrong password cost the next test ~4 s). The auth process cannot reach this socket and so keeps no penalty; a wrong
    // password is still refused at once (auth_failure_delay = 0).
    'service anvil {\n  chroot =\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}',
    'service imap-login {\n  chroot =\n}',
    '',
  ].join('\n');
  const confPath = join(dir, 'dovecot.conf');
  await writeFile(confPath, conf);

  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  let exited = false;
  child.on('exit', () => (exited = true));

  const log = async (): Promise<string> => {
    try {
      return await readFile(join(dir, 'dovecot.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const deadline = Date.now() + 15_000;
  while (!(await greets(port))) {
    if (exited || Date.now() > deadline) {
      child.kill('SIGKILL');
      const text = `${output}\n${await log()}`;
      await rm(dir, { recursive: true, force: true });
      throw new Error(`dovecot did not start on 127.0.0.1:${port}:\n${text}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  let stopped = false;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async deliver(rawEml, folder = 'INBOX') {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
      await client.connect();
      try {
        const result = await client.append(folder, rawEml, ['\\Recent']);
        if (!result || result.uid === undefined) throw new Error('APPEND gave no UID');
        return result.uid;
      } finally {
        await client.logout();
      }
    },
    log,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
        if (!exited) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
