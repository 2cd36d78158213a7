import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Algorithm, hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** argon2id with a per-hash random salt (encoded in the PHC string). */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  /** Verified against when the email is unknown, so both failures cost the same time. */
  private decoyHash = '';

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hash('decoy password that matches nothing', PARAMS);
  }

  hash(password: string): Promise<string> {
    return hash(password, PARAMS);
  }

  /** `storedHash` undefined means "no such user": the same work is done and false returned. */
  async verify(storedHash: string | undefined, password: string): Promise<boolean> {
    const ok = await verify(storedHash ?? this.decoyHash, password).catch(() => false);
    return ok && storedHash !== undefined;
  }
}
