import type { ColumnType, Generated } from 'kysely';

/** Row types of single sign-on (migration 2026-12-01T1640-sso; ADR 0022). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** The organisation's OpenID Connect provider (one per organisation). */
export interface SsoProvidersTable {
  id: Generated<string>;
  organisation_id: string;
  /** Shown on the button: "Inloggen met <display_name>". */
  display_name: string;
  issuer_url: string;
  client_id: string;
  /** `v1:<iv>:<tag>:<ciphertext>` (src/usecases/mailbox/secrets.ts); never shown, never logged. */
  client_secret_enc: string;
  scopes: Generated<string>;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A user bound to the provider's stable subject (`iss` + `sub`), made at the first single sign-on log-in. */
export interface SsoLinksTable {
  id: Generated<string>;
  organisation_id: string;
  user_id: string;
  issuer: string;
  subject: string;
  created_at: CreatedAt;
  last_login_at: Timestamp;
}

export interface SsoTables {
  sso_providers: SsoProvidersTable;
  sso_links: SsoLinksTable;
}
