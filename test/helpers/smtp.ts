import { SMTPServer } from 'smtp-server';
import { type ParsedMail, parseMail } from './mime.js';

export interface CapturedMail {
  raw: string;
  envelope: { from: string; to: string[] };
  mail: ParsedMail;
}

export const SMTP_USER = 'userhub';
export const SMTP_PASSWORD = 'smtp secret';

/**
 * A real SMTP server (the `smtp-server` package) on loopback that requires AUTH and keeps every
 * message it accepts. `refuse` makes it answer 550 to every recipient; `stop`/`restart` take it
 * down and bring it back on the same port.
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  refuse = false;
  /** RCPT TO answers refused so far */
  refusals = 0;
  private server: SMTPServer;
  private constructor(public port: number) {
    this.server = this.create();
  }

  static async start(): Promise<SmtpCapture> {
    const capture = new SmtpCapture(0);
    await capture.listen();
    return capture;
  }

  get url(): string {
    return `smtp://${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${this.port}`;
  }

  private create(): SMTPServer {
    return new SMTPServer({
      logger: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, _session, callback) => {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
        return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      },
      onRcptTo: (_address, _session, callback) => {
        if (this.refuse) {
          this.refusals++;
          return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        }
        return callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.messages.push({
            raw,
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            mail: parseMail(raw),
          });
          callback();
        });
      },
    });
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        const address = this.server.server.address();
        if (address && typeof address === 'object') this.port = address.port;
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async restart(): Promise<void> {
    this.server = this.create();
    await this.listen();
  }

  /** Messages whose envelope goes to `address`. */
  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.envelope.to.includes(address.toLowerCase()) || m.envelope.to.includes(address));
  }

  /** Waits until a message to `address` matching `match` arrives (the app's worker delivers it). */
  async waitFor(address: string, match: (mail: ParsedMail) => boolean = () => true, timeoutMs = 10_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.to(address).find((m) => match(m.mail));
      if (found) return found.mail;
      if (Date.now() > deadline) {
        throw new Error(`no mail to ${address} within ${timeoutMs} ms; got: ${this.messages.map((m) => `${m.envelope.to} "${m.mail.subject}"`).join(', ')}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
